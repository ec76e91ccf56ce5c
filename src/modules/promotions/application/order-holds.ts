import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { ConflictError } from '../../../platform/http/app-error';
import { buyerKeyOf } from '../domain/buyer-key';
import { ActivityStore } from '../persistence/activity-store';
import { CouponStore } from '../persistence/coupon-store';
import { ExperimentStore } from '../persistence/experiment-store';
import { HoldRecord, HoldStore } from '../persistence/hold-store';
import type { HoldContext, PromotionQuote } from '../public/promotions.contracts';
import { CouponRedeemedV1, ExperimentConvertedV1 } from '../public/promotions.events';
import { CartPricing } from './cart-pricing';

/**
 * An order's claim on limited promotions, from checkout to the end of the order:
 * hold (order placed: a coupon use and flash-sale units taken) → consumed (paid) → refunded
 * (money back: the coupon use returns), or → released (expired, cancelled, checkout undone: all
 * returns). Every method runs in the caller's transaction and locks the hold row first, then the
 * coupon, then flash sales, the same order as a new hold takes them.
 */
@Injectable()
export class OrderHolds {
  private readonly logger = new Logger('PromotionHolds');

  constructor(
    private readonly pricing: CartPricing,
    private readonly holds: HoldStore,
    private readonly coupons: CouponStore,
    private readonly activities: ActivityStore,
    private readonly experiments: ExperimentStore,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async hold(ctx: HoldContext): Promise<PromotionQuote> {
    const buyerKey = buyerKeyOf(ctx.memberId, ctx.contact);
    if (!(await this.holds.claim(ctx.orderId, buyerKey, ctx.expiresAt, this.clock.now()))) return this.existing(ctx.orderId);
    const priced = await this.pricing.price(ctx, buyerKey, true);
    if (priced.coupon) await this.coupons.addUse(priced.coupon.id, 1);
    for (const [activityId, units] of Object.entries(priced.result.flashSaleUnits)) {
      const sale = priced.flashSales.find((a) => a.id === activityId);
      if (units <= 0 || sale?.rule.kind !== 'flash_sale') continue;
      // Locked and counted by the pricing above, so this cannot fail unless that logic is broken.
      if (!(await this.activities.takeFlashUnits(activityId, units, sale.rule.quantityLimit))) {
        throw new Error(`flash sale ${activityId}: priced units could not be taken`);
      }
    }
    if (buyerKey) await this.holds.recordFlashUnits(ctx.orderId, buyerKey, priced.result.flashSaleUnits);
    await this.holds.fill(ctx.orderId, {
      couponId: priced.coupon?.id ?? null,
      flashUnits: priced.result.flashSaleUnits,
      adjustments: priced.quote.adjustments,
      assignments: priced.assignments,
    });
    return priced.quote;
  }

  /** Gives back what the order holds; for an order never held, leaves a mark so a late hold fails. */
  async release(orderId: string): Promise<void> {
    const now = this.clock.now();
    if (await this.holds.tombstone(orderId, now)) return;
    const hold = await this.holds.byOrder(orderId, true);
    if (!hold || hold.status !== 'held') return;
    await this.giveBack(hold, true);
    await this.holds.setStatus(orderId, 'released', now);
  }

  /** The order was paid: its uses become final. A hold given back meanwhile (a late payment) is taken again, past any limit. */
  async consume(orderId: string, paid: { amountMinor: number; currency: string }): Promise<void> {
    const now = this.clock.now();
    const hold = await this.holds.byOrder(orderId, true);
    if (!hold || hold.status === 'consumed' || hold.status === 'refunded') return;
    const late = hold.status === 'released';
    if (late) {
      if (hold.couponId) await this.coupons.addUse(hold.couponId, 1);
      for (const [id, units] of sortedEntries(hold.flashUnits)) await this.activities.forceTakeFlashUnits(id, units);
      this.logger.warn({ orderId }, 'a paid order had given back its promotions (late payment): taken again, past any limit');
    }
    await this.holds.setStatus(orderId, 'consumed', now, late);
    if (hold.couponId && hold.couponCode) {
      await this.outbox.publish(new CouponRedeemedV1(hold.couponId, hold.couponCode, orderId, hold.buyerKey, now.toISOString()));
    }
    for (const a of hold.assignments) {
      const c = { orderId, experimentId: a.experimentId, phase: a.phase, visitorId: a.visitorId, variantKey: a.variantKey, revenueMinor: paid.amountMinor, at: now };
      if (await this.experiments.convert(c)) {
        await this.outbox.publish(
          new ExperimentConvertedV1(a.experimentId, a.experimentKey, a.phase, a.variantKey, a.visitorId, orderId, paid.amountMinor, paid.currency, now.toISOString()),
        );
      }
    }
  }

  /** The money went back: the coupon use returns (flash-sale units stay sold: the keys were delivered). */
  async refund(orderId: string): Promise<void> {
    const hold = await this.holds.byOrder(orderId, true);
    if (!hold || hold.status !== 'consumed') return;
    await this.giveBack(hold, false);
    await this.holds.setStatus(orderId, 'refunded', this.clock.now());
  }

  private async giveBack(hold: HoldRecord, withFlashUnits: boolean): Promise<void> {
    if (hold.couponId) await this.coupons.addUse(hold.couponId, -1);
    if (!withFlashUnits) return;
    for (const [id, units] of sortedEntries(hold.flashUnits)) await this.activities.giveBackFlashUnits(id, units);
  }

  /** A retried hold answers what the first one took; a hold after the release is refused. */
  private async existing(orderId: string): Promise<PromotionQuote> {
    const hold = await this.holds.byOrder(orderId);
    if (!hold || hold.status !== 'held') {
      throw new ConflictError(`The promotions of order ${orderId} were released already`, 'promotion_hold_released');
    }
    return {
      adjustments: hold.adjustments,
      totalAdjustmentMinor: hold.adjustments.reduce((sum, a) => sum + a.amountMinor, 0),
      couponCode: hold.couponCode,
      experiments: hold.assignments.map((a) => ({ key: a.experimentKey, variant: a.variantKey })),
    };
  }
}

const sortedEntries = (units: Record<string, number>) => Object.entries(units).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
