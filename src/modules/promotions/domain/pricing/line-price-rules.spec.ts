import { ordinal } from './line-price-rules';
import type { ActivityRule, FlashSaleRule, MemberPriceRule, NthItemRule, TieredQuantityRule } from './pricing-types';
import { activity, amounts, categories, goods, line, quote, totals } from './pricing.test-helpers';

const flash = (unitPriceMinor: number): FlashSaleRule => ({
  kind: 'flash_sale',
  unitPriceMinor,
  quantityLimit: 100,
  perBuyerLimit: 5,
});
const members: MemberPriceRule = {
  kind: 'member_price',
  levels: [
    { levelId: 'gold', percentOff: 15 },
    { levelId: 'silver', unitPriceMinor: 9000 },
  ],
};
const bulk: TieredQuantityRule = {
  kind: 'tiered_quantity',
  tiers: [
    { minQuantity: 2, percentOff: 5 },
    { minQuantity: 5, percentOff: 10 },
    { minQuantity: 10, percentOff: 20 },
  ],
};
const secondHalf: NthItemRule = { kind: 'nth_item', nth: 2, percentOff: 50 };

describe('stage 1, flash_sale (限时抢购)', () => {
  it('sells the allowed units at the flash price and reports them', () => {
    // 3 × 100.00, 2 units allowed at 80.00: 2 × (10000 − 8000) = 4000 off
    const result = quote({
      lines: [line('L1', 3, 10000)],
      activities: [activity('fs', 'Flash', flash(8000))],
      flashSaleAllowance: { fs: 2 },
    });
    expect(result.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -4000, source: 'activity:fs', kind: 'flash_sale', reason: 'Flash sale: 2 at 80.00 each (Flash)' },
    ]);
    expect(result.lines).toEqual([{ lineId: 'L1', listTotalMinor: 30000, adjustmentMinor: -4000, totalMinor: 26000 }]);
    expect(result.flashSaleUnits).toEqual({ fs: 2 });
    expect(result.skipped).toEqual([]);
  });

  it('shares the allowance across two lines in cart order', () => {
    // allowance 3: L1 takes 2 (2 × 2000 = 4000), L2 the last 1 (1 × 2000 = 2000) of its 3
    const result = quote({
      lines: [line('L1', 2, 10000, { goodsId: 'g1' }), line('L2', 3, 10000, { goodsId: 'g1' })],
      activities: [activity('fs', 'Flash', flash(8000))],
      flashSaleAllowance: { fs: 3 },
    });
    expect(amounts(result)).toEqual([
      ['L1', -4000, 'activity:fs'],
      ['L2', -2000, 'activity:fs'],
    ]);
    expect(result.adjustments[1].reason).toBe('Flash sale: 1 at 80.00 each (Flash)');
    expect(result.flashSaleUnits).toEqual({ fs: 3 });
    expect(totals(result)).toEqual({ L1: 16000, L2: 28000 });
  });

  it('gives nothing when the buyer has no units left (allowance 0 or missing)', () => {
    for (const flashSaleAllowance of [{ fs: 0 }, {}] as Array<Record<string, number>>) {
      const result = quote({
        lines: [line('L1', 1, 10000)],
        activities: [activity('fs', 'Flash', flash(8000))],
        flashSaleAllowance,
      });
      expect(result.adjustments).toEqual([]);
      expect(result.flashSaleUnits).toEqual({});
      expect(result.skipped).toEqual([{ source: 'activity:fs', reason: 'no flash-sale units left for this buyer' }]);
    }
  });

  it('gives nothing when the flash price is not below the list price', () => {
    const result = quote({
      lines: [line('L1', 1, 8000)],
      activities: [activity('fs', 'Flash', flash(8000))],
      flashSaleAllowance: { fs: 5 },
    });
    expect(result.adjustments).toEqual([]);
    expect(result.flashSaleUnits).toEqual({});
    expect(result.skipped).toEqual([{ source: 'activity:fs', reason: 'the flash price is not below the list price' }]);
  });
});

describe('stage 1, member_price (会员价)', () => {
  it('takes a percent off for a listed level, rounding half up', () => {
    // 1 × 19.99 at 15 %: 1999 × 15 / 100 = 299.85 → 300
    const result = quote({ lines: [line('L1', 1, 1999)], activities: [activity('mp', 'Members', members)], memberLevelId: 'gold' });
    expect(result.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -300, source: 'activity:mp', kind: 'member_price', reason: 'Member price: 15% off (Members)' },
    ]);
    expect(totals(result)).toEqual({ L1: 1699 });
  });

  it('sells at the member unit price for a listed level', () => {
    // 2 × 100.00 at 90.00 each: 2 × (10000 − 9000) = 2000
    const result = quote({ lines: [line('L1', 2, 10000)], activities: [activity('mp', 'Members', members)], memberLevelId: 'silver' });
    expect(result.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -2000, source: 'activity:mp', kind: 'member_price', reason: 'Member price: 90.00 each (Members)' },
    ]);
  });

  it('gives nothing to guests, unlisted levels, or when the member price is not lower', () => {
    for (const memberLevelId of [null, 'bronze']) {
      const result = quote({ lines: [line('L1', 1, 10000)], activities: [activity('mp', 'Members', members)], memberLevelId });
      expect(result.adjustments).toEqual([]);
      expect(result.skipped).toEqual([{ source: 'activity:mp', reason: "the buyer's member level is not eligible" }]);
    }
    const dearer = quote({ lines: [line('L1', 1, 8000)], activities: [activity('mp', 'Members', members)], memberLevelId: 'silver' });
    expect(dearer.adjustments).toEqual([]);
    expect(dearer.skipped).toEqual([{ source: 'activity:mp', reason: 'the member price is not below the list price' }]);
  });
});

describe('stage 1, tiered_quantity (阶梯)', () => {
  it('applies the highest tier reached', () => {
    // 6 × 12.50 = 7500; tiers 2/5/10 → 5 reached → 10 %: 750
    const six = quote({ lines: [line('L1', 6, 1250)], activities: [activity('tq', 'Bulk', bulk)] });
    expect(six.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -750, source: 'activity:tq', kind: 'tiered_quantity', reason: 'Buy 5 or more: 10% off (Bulk)' },
    ]);
    // 10 × 12.50 = 12500 → 20 %: 2500
    expect(amounts(quote({ lines: [line('L1', 10, 1250)], activities: [activity('tq', 'Bulk', bulk)] }))).toEqual([
      ['L1', -2500, 'activity:tq'],
    ]);
    // 2 × 9.99 = 1998 → 5 %: 99.9 → 100
    expect(amounts(quote({ lines: [line('L1', 2, 999)], activities: [activity('tq', 'Bulk', bulk)] }))).toEqual([
      ['L1', -100, 'activity:tq'],
    ]);
  });

  it('gives nothing below the lowest tier', () => {
    const result = quote({ lines: [line('L1', 1, 1250)], activities: [activity('tq', 'Bulk', bulk)] });
    expect(result.adjustments).toEqual([]);
    expect(result.skipped).toEqual([{ source: 'activity:tq', reason: 'buy at least 2 of one goods to qualify' }]);
  });
});

describe('stage 1, nth_item (第N件X折)', () => {
  it('discounts every nth unit', () => {
    // 5 × 19.99, 第二件半价: floor(5 / 2) = 2 units → 2 × 1999 × 50 % = 1999
    const five = quote({ lines: [line('L1', 5, 1999)], activities: [activity('nth', 'Second half', secondHalf)] });
    expect(five.adjustments).toEqual([
      { lineId: 'L1', amountMinor: -1999, source: 'activity:nth', kind: 'nth_item', reason: 'Every 2nd item 50% off (Second half)' },
    ]);
    // 3 × 9.99: 1 unit → 999 × 50 % = 499.5 → 500
    expect(amounts(quote({ lines: [line('L1', 3, 999)], activities: [activity('nth', 'Second half', secondHalf)] }))).toEqual([
      ['L1', -500, 'activity:nth'],
    ]);
    // every 3rd at 30 % off, 7 × 10.00: 2 units → 2000 × 30 % = 600
    const third = quote({
      lines: [line('L1', 7, 1000)],
      activities: [activity('n3', 'Third', { kind: 'nth_item', nth: 3, percentOff: 30 })],
    });
    expect(amounts(third)).toEqual([['L1', -600, 'activity:n3']]);
    expect(third.adjustments[0].reason).toBe('Every 3rd item 30% off (Third)');
  });

  it('gives nothing with fewer than n units on the line', () => {
    const result = quote({ lines: [line('L1', 1, 1999)], activities: [activity('nth', 'Second half', secondHalf)] });
    expect(result.adjustments).toEqual([]);
    expect(result.skipped).toEqual([{ source: 'activity:nth', reason: 'buy at least 2 of one goods to qualify' }]);
  });

  it('names ordinals in English', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th',
    ]);
  });
});

describe('stage 1, at most one unit-price activity per line', () => {
  it('keeps the one saving the most on the line', () => {
    // 4 × 100.00 = 40000: member 10 % → 4000; 4+ at 15 % → 6000; 第二件半价 → 2 × 10000 × 50 % = 10000 → nth wins
    const result = quote({
      lines: [line('L1', 4, 10000)],
      memberLevelId: 'gold',
      activities: [
        activity('mp', 'Members', { kind: 'member_price', levels: [{ levelId: 'gold', percentOff: 10 }] }),
        activity('tq', 'Bulk', { kind: 'tiered_quantity', tiers: [{ minQuantity: 4, percentOff: 15 }] }),
        activity('nth', 'Second half', secondHalf),
      ],
    });
    expect(amounts(result)).toEqual([['L1', -10000, 'activity:nth']]);
    expect(result.skipped).toEqual([
      { source: 'activity:mp', reason: 'another activity saves more on its goods' },
      { source: 'activity:tq', reason: 'another activity saves more on its goods' },
    ]);
  });

  it('picks per line: each line its own best', () => {
    // L1 4 × 100.00: nth 10000 vs member 10 % 4000 → nth; L2 1 × 100.00: nth cannot, member 1000 → member
    const result = quote({
      lines: [line('L1', 4, 10000), line('L2', 1, 10000)],
      memberLevelId: 'gold',
      activities: [
        activity('mp', 'Members', { kind: 'member_price', levels: [{ levelId: 'gold', percentOff: 10 }] }),
        activity('nth', 'Second half', secondHalf),
      ],
    });
    expect(amounts(result)).toEqual([
      ['L1', -10000, 'activity:nth'],
      ['L2', -1000, 'activity:mp'],
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('breaks ties by kind (flash_sale, member_price, tiered_quantity, nth_item), then by id', () => {
    const gold10: ActivityRule = { kind: 'member_price', levels: [{ levelId: 'gold', percentOff: 10 }] };
    // 1 × 100.00: member 10 % = 1000 and 1+ at 10 % = 1000 → member, though its id sorts last
    const memberOverTier = quote({
      lines: [line('L1', 1, 10000)],
      memberLevelId: 'gold',
      activities: [
        activity('a-tier', 'Tier', { kind: 'tiered_quantity', tiers: [{ minQuantity: 1, percentOff: 10 }] }),
        activity('z-member', 'Members', gold10),
      ],
    });
    expect(amounts(memberOverTier)).toEqual([['L1', -1000, 'activity:z-member']]);
    // flash at 90.00 (1000 off) against member 10 % (1000) → flash
    const flashOverMember = quote({
      lines: [line('L1', 1, 10000)],
      memberLevelId: 'gold',
      activities: [activity('a-member', 'Members', gold10), activity('z-flash', 'Flash', flash(9000))],
      flashSaleAllowance: { 'z-flash': 1 },
    });
    expect(amounts(flashOverMember)).toEqual([['L1', -1000, 'activity:z-flash']]);
    expect(flashOverMember.flashSaleUnits).toEqual({ 'z-flash': 1 });
    // same kind, same saving → the smaller id, whatever the input order
    for (const order of [['b', 'a'], ['a', 'b']]) {
      const result = quote({
        lines: [line('L1', 2, 10000)],
        activities: order.map((id) => activity(id, `Half ${id}`, secondHalf)),
      });
      expect(amounts(result)).toEqual([['L1', -5000, 'activity:a']]);
      expect(result.skipped).toEqual([{ source: 'activity:b', reason: 'another activity saves more on its goods' }]);
    }
  });

  it('a flash sale that loses on a line uses no units and leaves the line open to order-level rules', () => {
    // 2 × 100.00: flash at 95.00 → 1000; member 20 % → 4000 → member; 16000 ≥ 100.00 → 满减 15.00 applies
    const result = quote({
      lines: [line('L1', 2, 10000)],
      memberLevelId: 'gold',
      activities: [
        activity('fs', 'Flash', flash(9500)),
        activity('mp', 'Members', { kind: 'member_price', levels: [{ levelId: 'gold', percentOff: 20 }] }),
        activity('fr', 'Spring sale', { kind: 'full_reduction', tiers: [{ thresholdMinor: 10000, offMinor: 1500 }] }),
      ],
      flashSaleAllowance: { fs: 2 },
    });
    expect(amounts(result)).toEqual([
      ['L1', -4000, 'activity:mp'],
      ['L1', -1500, 'activity:fr'],
    ]);
    expect(result.flashSaleUnits).toEqual({});
    expect(totals(result)).toEqual({ L1: 14500 });
  });

  it('applies only to the goods or categories in scope', () => {
    // member 15 % on goods g2 and category c3 only: L1 untouched, L2 3000 → 450, L3 2000 → 300
    const result = quote({
      lines: [
        line('L1', 1, 1000, { goodsId: 'g1', categoryId: 'c1' }),
        line('L2', 1, 3000, { goodsId: 'g2', categoryId: 'c1' }),
        line('L3', 1, 2000, { goodsId: 'g3', categoryId: 'c3' }),
      ],
      memberLevelId: 'gold',
      activities: [activity('mp', 'Members', members, { scope: { goodsIds: ['g2'], categoryIds: ['c3'] } })],
    });
    expect(amounts(result)).toEqual([
      ['L2', -450, 'activity:mp'],
      ['L3', -300, 'activity:mp'],
    ]);
    const nowhere = quote({
      lines: [line('L1', 1, 1000, { goodsId: 'g1', categoryId: null })],
      memberLevelId: 'gold',
      activities: [activity('mp', 'Members', members, { scope: categories('c9') })],
    });
    expect(nowhere.skipped).toEqual([{ source: 'activity:mp', reason: 'no eligible goods' }]);
    const byGoods = quote({
      lines: [line('L1', 2, 1000, { goodsId: 'g1' })],
      activities: [activity('nth', 'Second half', secondHalf, { scope: goods('g1') })],
    });
    expect(amounts(byGoods)).toEqual([['L1', -500, 'activity:nth']]);
  });
});
