import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { normaliseCouponCode } from '../domain/coupon-codes';
import type { Activity, CartLine, Coupon, CouponRule } from '../domain/pricing/pricing-types';
import { quotePrices } from '../domain/pricing/quote-prices';
import { couponRuleProblems } from '../domain/pricing/rule-validation';
import { ActivityStore } from '../persistence/activity-store';
import { CouponStore } from '../persistence/coupon-store';
import { ActivityInput, checkedRule, checkWindow } from './activities-admin';
import type { CouponInput } from './coupons-admin';

export interface PreviewInput {
  currency: string;
  lines: Array<Omit<CartLine, 'lineId'>>;
  at?: string;
  memberLevelId?: string;
  couponCode?: string;
  includeLive: boolean;
  activities: ActivityInput[];
  coupon?: CouponInput & { code: string };
}

/**
 * Marketing tries a configuration on a sample cart before it goes live: the live activities (or
 * none), plus unsaved drafts, plus a saved or draft coupon, priced by the same engine checkout
 * uses, with the reasons each rule applied or not. Takes nothing, records nothing. Limits
 * (coupon uses, flash-sale units) are shown as if untouched.
 */
@Injectable()
export class PromotionPreview {
  constructor(
    private readonly activities: ActivityStore,
    private readonly coupons: CouponStore,
    private readonly clock: Clock,
  ) {}

  async run(input: PreviewInput) {
    const at = input.at ? new Date(input.at) : this.clock.now();
    const live: Activity[] = input.includeLive ? await this.activities.live(at) : [];
    const drafts: Activity[] = input.activities.map((a, i) => {
      const draft = { id: `draft-${i + 1}`, name: a.name, scope: a.scope, rule: checkedRule(a.rule), startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt), active: a.active };
      checkWindow(draft.startsAt, draft.endsAt);
      return draft;
    });
    const all = [...live, ...drafts];
    const flashSaleAllowance = Object.fromEntries(all.flatMap((a) => (a.rule.kind === 'flash_sale' ? [[a.id, a.rule.perBuyerLimit ?? a.rule.quantityLimit]] : [])));
    const coupon = await this.couponOf(input);
    const lines = input.lines.map((l, i) => ({ ...l, lineId: `line-${i + 1}` }));
    const result = quotePrices({ currency: input.currency, lines, at, memberLevelId: input.memberLevelId ?? null, activities: all, coupon, flashSaleAllowance });
    return { at: at.toISOString(), currency: input.currency, ...result };
  }

  private async couponOf(input: PreviewInput): Promise<Coupon | null> {
    if (input.coupon) {
      const problems = couponRuleProblems(input.coupon.rule);
      if (problems.length > 0) throw new ValidationError(`Invalid coupon rule: ${problems.join('; ')}`, [{ field: 'coupon.rule', problems }]);
      const c = input.coupon;
      return { id: 'draft-coupon', code: normaliseCouponCode(c.code), name: c.name, scope: c.scope, rule: c.rule as unknown as CouponRule, startsAt: new Date(c.startsAt), endsAt: new Date(c.endsAt), active: c.active };
    }
    if (!input.couponCode) return null;
    const coupon = await this.coupons.byCode(normaliseCouponCode(input.couponCode));
    if (!coupon) throw new NotFoundError(`No coupon ${input.couponCode}`, 'coupon_not_found');
    return coupon;
  }
}
