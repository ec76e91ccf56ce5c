import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { generateCouponCodes, normaliseCouponCode } from '../domain/coupon-codes';
import type { CouponRule, Scope } from '../domain/pricing/pricing-types';
import { couponRuleProblems } from '../domain/pricing/rule-validation';
import { CouponRecord, CouponStore } from '../persistence/coupon-store';
import { checkWindow } from './activities-admin';

export interface CouponInput {
  name: string;
  scope: Scope;
  rule: Record<string, unknown>;
  startsAt: string;
  endsAt: string;
  active: boolean;
  totalLimit: number | null;
  perBuyerLimit: number | null;
}

export interface CouponPatch {
  name?: string;
  active?: boolean;
  endsAt?: string;
  totalLimit?: number | null;
  perBuyerLimit?: number | null;
}

export function couponView(c: CouponRecord) {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    batchId: c.batchId,
    scope: c.scope,
    rule: c.rule,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    active: c.active,
    totalLimit: c.totalLimit,
    perBuyerLimit: c.perBuyerLimit,
    /** Held by unpaid orders plus consumed by paid ones. */
    usesTaken: c.usesTaken,
    usesLeft: c.totalLimit === null ? null : Math.max(0, c.totalLimit - c.usesTaken),
    createdAt: c.createdAt.toISOString(),
  };
}

/** Coupons through the admin (role marketing): one by one or generated in batches; audited. */
@Injectable()
export class CouponsAdmin {
  constructor(
    private readonly store: CouponStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(input: CouponInput & { code: string }) {
    const [coupon] = await this.insert(input, [normaliseCouponCode(input.code)], null);
    await this.audit.record({ action: 'promotions.coupon.create', targetType: 'promotion-coupon', targetId: coupon.code, details: describe(coupon) });
    return couponView(coupon);
  }

  /** Generates `count` single codes sharing one configuration; returns them all (for export). */
  async generate(input: CouponInput & { count: number; prefix: string }) {
    const batchId = randomUUID();
    const coupons = await this.insert(input, generateCouponCodes(input.prefix, input.count), batchId);
    await this.audit.record({
      action: 'promotions.coupon.generate',
      targetType: 'promotion-coupon-batch',
      targetId: batchId,
      details: { count: coupons.length, prefix: input.prefix.toUpperCase(), ...describe(coupons[0]) },
    });
    return { batchId, count: coupons.length, codes: coupons.map((c) => c.code) };
  }

  async update(code: string, patch: CouponPatch) {
    const current = await this.mustFind(code, true);
    const next: CouponRecord = { ...current, updatedAt: this.clock.now() };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.active !== undefined) next.active = patch.active;
    if (patch.endsAt !== undefined) next.endsAt = new Date(patch.endsAt);
    if (patch.totalLimit !== undefined) next.totalLimit = patch.totalLimit;
    if (patch.perBuyerLimit !== undefined) next.perBuyerLimit = patch.perBuyerLimit;
    checkWindow(next.startsAt, next.endsAt);
    await this.store.save(next);
    const changed = Object.keys(patch).filter((k) => patch[k as keyof CouponPatch] !== undefined);
    await this.audit.record({
      action: 'promotions.coupon.update',
      targetType: 'promotion-coupon',
      targetId: code,
      details: { changed, ...Object.fromEntries(changed.map((k) => [k, patch[k as keyof CouponPatch]])) },
    });
    return couponView(next);
  }

  async list(filter: { batchId?: string; code?: string }, limit: number, offset: number) {
    const { items, total } = await this.store.list({ ...filter, code: filter.code && normaliseCouponCode(filter.code) }, limit, offset);
    return { items: items.map(couponView), total, limit, offset };
  }

  async get(code: string) {
    return couponView(await this.mustFind(code));
  }

  private async mustFind(code: string, lock = false): Promise<CouponRecord> {
    const coupon = await this.store.byCode(normaliseCouponCode(code), lock);
    if (!coupon) throw new NotFoundError(`No coupon ${code}`, 'coupon_not_found');
    return coupon;
  }

  private async insert(input: CouponInput, codes: string[], batchId: string | null): Promise<CouponRecord[]> {
    const problems = couponRuleProblems(input.rule);
    if (problems.length > 0) throw new ValidationError(`Invalid rule: ${problems.join('; ')}`, [{ field: 'rule', problems }]);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    checkWindow(startsAt, endsAt);
    const now = this.clock.now();
    const coupons: CouponRecord[] = codes.map((code) => ({
      id: randomUUID(),
      code,
      name: input.name,
      batchId,
      scope: input.scope,
      rule: input.rule as unknown as CouponRule,
      startsAt,
      endsAt,
      active: input.active,
      totalLimit: input.totalLimit,
      perBuyerLimit: input.perBuyerLimit,
      usesTaken: 0,
      createdAt: now,
      updatedAt: now,
    }));
    const taken = await this.store.insertMany(coupons);
    if (taken.length > 0) throw new ConflictError(`Coupon code ${taken[0]} exists already`, 'coupon_code_taken', { codes: taken.slice(0, 10) });
    return coupons;
  }
}

function describe(c: CouponRecord): Record<string, unknown> {
  return { name: c.name, scope: c.scope, rule: c.rule, startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString(), active: c.active, totalLimit: c.totalLimit, perBuyerLimit: c.perBuyerLimit };
}
