import { lineTotal, QuotableGoods, quoteLine } from './line-quote';

const goods: QuotableGoods = {
  priceMinor: 1000,
  onSale: true,
  archived: false,
  minPerOrder: 2,
  maxPerOrder: 100,
  wholesaleTiers: [{ minQuantity: 10, unitPriceMinor: 900 }],
};

describe('quoteLine', () => {
  it('prices a line at the base price or the tier price', () => {
    expect(quoteLine(goods, 2)).toEqual({ ok: true, unitPriceMinor: 1000, lineTotalMinor: 2000, appliedTier: null });
    expect(quoteLine(goods, 10)).toEqual({
      ok: true,
      unitPriceMinor: 900,
      lineTotalMinor: 9000,
      appliedTier: { minQuantity: 10, unitPriceMinor: 900 },
    });
  });

  it('refuses archived and off-sale goods, archived first', () => {
    expect(quoteLine({ ...goods, archived: true, onSale: false }, 2)).toEqual({ ok: false, refusal: 'archived' });
    expect(quoteLine({ ...goods, onSale: false }, 2)).toEqual({ ok: false, refusal: 'off_sale' });
  });

  it('refuses quantities outside min and max, and ones that are not whole numbers', () => {
    for (const quantity of [1, 101, 2.5, 0, -3, Number.NaN]) {
      expect(quoteLine(goods, quantity)).toEqual({ ok: false, refusal: 'quantity_out_of_range' });
    }
    expect(quoteLine({ ...goods, maxPerOrder: null }, 1_000_000).ok).toBe(true);
  });

  it('refuses a line total beyond the safe integers', () => {
    const dear = { ...goods, priceMinor: Number.MAX_SAFE_INTEGER, maxPerOrder: null, wholesaleTiers: [] };
    expect(quoteLine(dear, 2)).toEqual({ ok: false, refusal: 'amount_too_large' });
    expect(lineTotal(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(lineTotal(2 ** 52, 2)).toBeNull();
  });
});
