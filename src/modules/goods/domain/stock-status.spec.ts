import { stockStatusOf } from './stock-status';

describe('stockStatusOf', () => {
  it('reads the vault count of auto goods', () => {
    expect(stockStatusOf('auto', 3)).toBe('in_stock');
    expect(stockStatusOf('auto', 0)).toBe('out_of_stock');
    expect(stockStatusOf('auto', null)).toBe('unlimited');
    expect(stockStatusOf('auto', undefined)).toBe('unknown');
  });

  it('shows dynamic goods as always available, without a count', () => {
    expect(stockStatusOf('dynamic', undefined)).toBe('on_demand');
    expect(stockStatusOf('dynamic', 0)).toBe('on_demand');
  });

  it('does not count manual goods', () => {
    expect(stockStatusOf('manual', undefined)).toBe('manual');
    expect(stockStatusOf('manual', 5)).toBe('manual');
  });
});
