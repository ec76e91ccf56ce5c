import { GoodsDefinition, goodsDefinitionProblems } from './goods-definition';

const valid: GoodsDefinition = {
  priceMinor: 1000,
  currency: 'CNY',
  deliveryType: 'auto',
  minPerOrder: 1,
  maxPerOrder: null,
  wholesaleTiers: [{ minQuantity: 10, unitPriceMinor: 900 }],
  buyerFields: [],
};

const fields = (d: Partial<GoodsDefinition>) => goodsDefinitionProblems({ ...valid, ...d }).map((p) => p.field);

describe('goodsDefinitionProblems', () => {
  it('accepts a valid definition, a free item and one with no upper limit', () => {
    expect(goodsDefinitionProblems(valid)).toEqual([]);
    expect(fields({ priceMinor: 0, wholesaleTiers: [] })).toEqual([]);
    expect(fields({ minPerOrder: 5, maxPerOrder: 10 })).toEqual([]);
  });

  it('refuses negative or fractional prices and malformed currencies', () => {
    expect(fields({ priceMinor: -1, wholesaleTiers: [] })).toEqual(['priceMinor']);
    expect(fields({ priceMinor: 9.99, wholesaleTiers: [] })).toEqual(['priceMinor']);
    expect(fields({ currency: 'cny' })).toEqual(['currency']);
    expect(fields({ currency: 'CNYX' })).toEqual(['currency']);
  });

  it('refuses a minimum below 1 or above the maximum', () => {
    expect(fields({ minPerOrder: 0 })).toEqual(['minPerOrder']);
    expect(fields({ minPerOrder: 5, maxPerOrder: 4, wholesaleTiers: [] })).toEqual(['maxPerOrder']);
  });

  it('checks the tiers against the price and refuses a tier the maximum makes unreachable', () => {
    expect(fields({ priceMinor: 900 })).toEqual(['wholesaleTiers.0.unitPriceMinor']);
    expect(fields({ maxPerOrder: 9 })).toEqual(['wholesaleTiers.0.minQuantity']);
  });

  it('refuses buyer fields on auto-delivery goods', () => {
    expect(fields({ buyerFields: [{ key: 'account', label: 'Account', type: 'text', required: true }] })).toEqual([
      'buyerFields',
    ]);
  });
});
