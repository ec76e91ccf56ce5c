import { Injectable } from '@nestjs/common';
import { normaliseCouponCode } from '../domain/coupon-codes';
import { memberLevelDiscount } from '../domain/member-level-discount';
import type { PricingResult } from '../domain/pricing/pricing-types';
import { scopeMatches } from '../domain/pricing/live-rules';
import { quotePrices } from '../domain/pricing/quote-prices';
import { ExperimentAssignments } from '../experiments/experiment-assignments';
import { ActivityRecord, ActivityStore } from '../persistence/activity-store';
import { CouponRecord, CouponStore } from '../persistence/coupon-store';
import { HeldAssignment, HoldStore } from '../persistence/hold-store';
import type { Adjustment, PromotionQuote, QuoteContext } from '../public/promotions.contracts';
import { CouponNotApplicableError, CouponNotFoundError, CouponUsedUpError } from '../public/promotions.errors';

export interface PricedCart {
  quote: PromotionQuote;
  result: PricingResult;
  coupon: CouponRecord | null;
  flashSales: ActivityRecord[];
  assignments: HeldAssignment[];
}

/**
 * Prices a cart against what is live: the activities and the coupon the visitor's experiments
 * allow, flash-sale units still available to this buyer, the coupon's limits. With `lock`, the
 * coupon and the flash sales are locked (coupon first, then flash sales by id: one order for every
 * checkout, so two never wait on each other in a circle) and what it reads stays true until the
 * caller's transaction ends: the hold then takes exactly what was priced.
 */
@Injectable()
export class CartPricing {
  constructor(
    private readonly activities: ActivityStore,
    private readonly coupons: CouponStore,
    private readonly holds: HoldStore,
    private readonly experiments: ExperimentAssignments,
  ) {}

  /** Must run in a transaction (exposures are recorded). */
  async price(ctx: QuoteContext, buyerKey: string | null, lock: boolean): Promise<PricedCart> {
    const { assignments, excludedActivityIds, excludedCouponIds } = await this.experiments.resolve(ctx.visitorId ?? null, ctx.at);
    const coupon = ctx.couponCode ? await this.usableCoupon(ctx.couponCode, buyerKey, excludedCouponIds, lock) : null;
    const live = (await this.activities.live(ctx.at)).filter((a) => !excludedActivityIds.has(a.id));
    // Only the flash sales this cart could use are locked: other checkouts are not held up by them.
    const flashSales = live.filter((a) => a.rule.kind === 'flash_sale' && ctx.lines.some((line) => scopeMatches(a.scope, line)));
    const allowance = await this.flashAllowance(flashSales, buyerKey, lock);
    const levelDiscount = memberLevelDiscount(ctx.memberLevelId, ctx.memberDiscountPercent);
    const result = quotePrices({
      currency: ctx.currency,
      lines: ctx.lines.map((l) => ({ lineId: l.lineId, goodsId: l.goodsId, categoryId: l.categoryId, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
      at: ctx.at,
      memberLevelId: ctx.memberLevelId ?? null,
      activities: levelDiscount ? [...live, levelDiscount] : live,
      coupon,
      flashSaleAllowance: allowance,
    });
    if (coupon && result.couponApplied === null) {
      const why = result.skipped.find((s) => s.source === `coupon:${coupon.code}`)?.reason ?? 'it does not apply to this order';
      throw new CouponNotApplicableError(coupon.code, why);
    }
    const adjustments: Adjustment[] = result.adjustments.map((a) => ({ lineId: a.lineId, amountMinor: a.amountMinor, source: a.source, reason: a.reason }));
    return {
      quote: {
        adjustments,
        totalAdjustmentMinor: result.totalAdjustmentMinor,
        couponCode: result.couponApplied,
        experiments: assignments.map((a) => ({ key: a.experimentKey, variant: a.variantKey })),
      },
      result,
      coupon: result.couponApplied ? coupon : null,
      flashSales,
      assignments,
    };
  }

  private async usableCoupon(given: string, buyerKey: string | null, excluded: Set<string>, lock: boolean): Promise<CouponRecord> {
    const code = normaliseCouponCode(given);
    const coupon = await this.coupons.byCode(code, lock);
    if (!coupon) throw new CouponNotFoundError(code);
    if (excluded.has(coupon.id)) throw new CouponNotApplicableError(code, 'it is not part of the offer you were shown');
    if (coupon.totalLimit !== null && coupon.usesTaken >= coupon.totalLimit) throw new CouponUsedUpError(code, 'total');
    if (coupon.perBuyerLimit !== null && buyerKey && (await this.holds.couponUsesOf(coupon.id, buyerKey)) >= coupon.perBuyerLimit) {
      throw new CouponUsedUpError(code, 'per_buyer');
    }
    return coupon;
  }

  /** Units of each flash sale this buyer may still take: what is left of the sale, within the buyer's own limit. */
  private async flashAllowance(flashSales: ActivityRecord[], buyerKey: string | null, lock: boolean): Promise<Record<string, number>> {
    if (flashSales.length === 0) return {};
    const ids = flashSales.map((a) => a.id);
    const taken = lock ? await this.activities.lockFlashSales(ids) : new Map(flashSales.map((a) => [a.id, a.flashUnitsTaken]));
    const mine = buyerKey ? await this.holds.flashUnitsOf(ids, buyerKey) : new Map<string, number>();
    const allowance: Record<string, number> = {};
    for (const sale of flashSales) {
      if (sale.rule.kind !== 'flash_sale') continue;
      const left = sale.rule.quantityLimit - (taken.get(sale.id) ?? sale.flashUnitsTaken);
      const buyerLeft = sale.rule.perBuyerLimit === null ? Infinity : sale.rule.perBuyerLimit - (mine.get(sale.id) ?? 0);
      allowance[sale.id] = Math.max(0, Math.min(left, buyerLeft));
    }
    return allowance;
  }
}
