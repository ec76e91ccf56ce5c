import { diffSnapshots, hasChanges } from './history-diff';

describe('diffSnapshots', () => {
  it('lists every field of a new record as changed from null', () => {
    expect(diffSnapshots(null, { title: 'A', onSale: false, maxPerOrder: null })).toEqual({
      title: { from: null, to: 'A' },
      onSale: { from: null, to: false },
    });
  });

  it('lists only the fields that changed, with their old and new values', () => {
    const before = { title: 'A', priceMinor: 1000, onSale: true, tiers: [{ minQuantity: 2, unitPriceMinor: 900 }] };
    const after = { ...before, priceMinor: 950, onSale: false };
    expect(diffSnapshots(before, after)).toEqual({
      priceMinor: { from: 1000, to: 950 },
      onSale: { from: true, to: false },
    });
  });

  it('compares arrays and objects by value, whatever their key order', () => {
    const before = { tiers: [{ minQuantity: 2, unitPriceMinor: 900 }] };
    expect(hasChanges(diffSnapshots(before, { tiers: [{ unitPriceMinor: 900, minQuantity: 2 }] }))).toBe(false);
    expect(diffSnapshots(before, { tiers: [] })).toEqual({ tiers: { from: before.tiers, to: [] } });
  });
});
