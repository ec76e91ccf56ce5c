import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import type { ActivityRule, Scope } from '../domain/pricing/pricing-types';
import { activityRuleProblems } from '../domain/pricing/rule-validation';
import { ActivityRecord, ActivityStore } from '../persistence/activity-store';

export interface ActivityInput {
  name: string;
  scope: Scope;
  rule: Record<string, unknown>;
  startsAt: string;
  endsAt: string;
  active: boolean;
}

export type ActivityPatch = Partial<ActivityInput>;

/** An activity as marketing sees it; flash sales also show the units held or sold. */
export function activityView(a: ActivityRecord) {
  return {
    id: a.id,
    name: a.name,
    kind: a.rule.kind,
    scope: a.scope,
    rule: a.rule,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    active: a.active,
    ...(a.rule.kind === 'flash_sale' ? { flashUnitsTaken: a.flashUnitsTaken, flashUnitsLeft: Math.max(0, a.rule.quantityLimit - a.flashUnitsTaken) } : {}),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** Activities through the admin (role marketing): checked, live at once, audited. */
@Injectable()
export class ActivitiesAdmin {
  constructor(
    private readonly store: ActivityStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(input: ActivityInput) {
    const now = this.clock.now();
    const activity: ActivityRecord = {
      id: randomUUID(),
      name: input.name,
      scope: input.scope,
      rule: checkedRule(input.rule),
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      active: input.active,
      flashUnitsTaken: 0,
      createdAt: now,
      updatedAt: now,
    };
    checkWindow(activity.startsAt, activity.endsAt);
    await this.store.insert(activity);
    await this.audit.record({ action: 'promotions.activity.create', targetType: 'promotion-activity', targetId: activity.id, details: describe(activity) });
    return activityView(activity);
  }

  async update(id: string, patch: ActivityPatch) {
    const current = await this.mustFind(id, true);
    const next: ActivityRecord = { ...current, updatedAt: this.clock.now() };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.scope !== undefined) next.scope = patch.scope;
    if (patch.active !== undefined) next.active = patch.active;
    if (patch.startsAt !== undefined) next.startsAt = new Date(patch.startsAt);
    if (patch.endsAt !== undefined) next.endsAt = new Date(patch.endsAt);
    if (patch.rule !== undefined) {
      next.rule = checkedRule(patch.rule);
      if (next.rule.kind !== current.rule.kind) {
        throw new ValidationError(`An activity keeps its kind (${current.rule.kind}); create a new one instead`, [{ field: 'rule.kind', problems: ['cannot change'] }]);
      }
      if (next.rule.kind === 'flash_sale' && next.rule.quantityLimit < current.flashUnitsTaken) {
        throw new ConflictError(
          `The flash sale has ${current.flashUnitsTaken} units held or sold; its quantity limit cannot go below that`,
          'flash_sale_limit_below_taken',
        );
      }
    }
    checkWindow(next.startsAt, next.endsAt);
    await this.store.save(next);
    const before = describe(current);
    const after = describe(next);
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    await this.audit.record({
      action: 'promotions.activity.update',
      targetType: 'promotion-activity',
      targetId: id,
      details: { changed, ...Object.fromEntries(changed.map((k) => [k, after[k]])) },
    });
    return activityView(next);
  }

  async list(filter: { kind?: string; active?: boolean }, limit: number, offset: number) {
    const { items, total } = await this.store.list(filter, limit, offset);
    return { items: items.map(activityView), total, limit, offset };
  }

  async get(id: string) {
    return activityView(await this.mustFind(id));
  }

  async mustFind(id: string, lock = false): Promise<ActivityRecord> {
    const activity = await this.store.byId(id, lock);
    if (!activity) throw new NotFoundError(`No activity ${id}`, 'activity_not_found');
    return activity;
  }
}

/** The rule as given, once the validator has found nothing wrong with it. */
export function checkedRule(rule: Record<string, unknown>): ActivityRule {
  const problems = activityRuleProblems(rule);
  if (problems.length > 0) throw new ValidationError(`Invalid rule: ${problems.join('; ')}`, [{ field: 'rule', problems }]);
  return rule as unknown as ActivityRule;
}

export function checkWindow(startsAt: Date, endsAt: Date): void {
  if (!(endsAt.getTime() > startsAt.getTime())) {
    throw new ValidationError('endsAt must be after startsAt', [{ field: 'endsAt', problems: ['must be after startsAt'] }]);
  }
}

/** The audited facts of an activity. */
function describe(a: ActivityRecord): Record<string, unknown> {
  return { name: a.name, scope: a.scope, rule: a.rule, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), active: a.active };
}
