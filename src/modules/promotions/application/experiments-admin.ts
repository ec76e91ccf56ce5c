import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { experimentReport } from '../domain/experiments/experiment-report';
import {
  assertTransition,
  coverageProblem,
  decideAllocationChange,
  ExperimentAction,
  isAllocationChange,
  nextStatus,
  variantProblems,
} from '../domain/experiments/experiment-rules';
import { ActivityStore } from '../persistence/activity-store';
import { CouponStore } from '../persistence/coupon-store';
import { ExperimentRecord, ExperimentStore, ExperimentVariant } from '../persistence/experiment-store';

export interface ExperimentInput {
  key: string;
  name: string;
  coverage: number;
  variants: ExperimentVariant[];
}

export interface ExperimentPatch {
  name?: string;
  coverage?: number;
  variants?: ExperimentVariant[];
  newPhase?: boolean;
}

export function experimentView(e: ExperimentRecord) {
  return {
    id: e.id,
    key: e.key,
    name: e.name,
    status: e.status,
    phase: e.phase,
    coverage: e.coverage,
    variants: e.variants,
    startedAt: e.startedAt?.toISOString() ?? null,
    stoppedAt: e.stoppedAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** A/B experiments through the admin (role marketing): variants → promotion sets, lifecycle, report. */
@Injectable()
export class ExperimentsAdmin {
  constructor(
    private readonly store: ExperimentStore,
    private readonly activities: ActivityStore,
    private readonly coupons: CouponStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(input: ExperimentInput) {
    await this.check(input.coverage, input.variants);
    const now = this.clock.now();
    const experiment: ExperimentRecord = { id: randomUUID(), ...input, status: 'draft', phase: 1, startedAt: null, stoppedAt: null, createdAt: now, updatedAt: now };
    if (!(await this.store.insert(experiment))) throw new ConflictError(`An experiment with the key ${input.key} exists already`, 'experiment_key_taken');
    await this.audit.record({ action: 'promotions.experiment.create', targetType: 'promotion-experiment', targetId: experiment.id, details: { ...input } });
    return experimentView(experiment);
  }

  async update(id: string, patch: ExperimentPatch) {
    const current = await this.mustFind(id, true);
    const next: ExperimentRecord = { ...current, updatedAt: this.clock.now() };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.coverage !== undefined) next.coverage = patch.coverage;
    if (patch.variants !== undefined) next.variants = patch.variants;
    await this.check(next.coverage, next.variants);
    if (isAllocationChange(current, next) || promotionSetsChanged(current.variants, next.variants)) {
      const decision = decideAllocationChange(current.status, current.phase, { newPhase: patch.newPhase === true });
      if (!decision.ok) throw new ConflictError(`Cannot change the variants now: ${decision.error}`, 'experiment_allocation_locked');
      next.phase = decision.phase;
    }
    await this.store.save(next);
    await this.audit.record({
      action: 'promotions.experiment.update',
      targetType: 'promotion-experiment',
      targetId: id,
      details: { ...patch, phase: next.phase },
    });
    return experimentView(next);
  }

  async act(id: string, action: ExperimentAction) {
    const current = await this.mustFind(id, true);
    const refused = assertTransition(current.status, action);
    if (refused) throw new BusinessRuleError(`Cannot ${action} experiment ${current.key}: ${refused}`, 'experiment_transition_refused', { status: current.status, action });
    const now = this.clock.now();
    const next: ExperimentRecord = { ...current, status: nextStatus(current.status, action)!, updatedAt: now };
    if (action === 'start') next.startedAt = now;
    if (action === 'stop') next.stoppedAt = now;
    await this.store.save(next);
    await this.audit.record({ action: `promotions.experiment.${action}`, targetType: 'promotion-experiment', targetId: id, details: { from: current.status, to: next.status } });
    return experimentView(next);
  }

  async list() {
    return (await this.store.list()).map(experimentView);
  }

  async get(id: string) {
    return experimentView(await this.mustFind(id));
  }

  /** The report of a phase (default: the current one): per variant figures, uplift, p-value and the SRM check. */
  async report(id: string, phase?: number) {
    const experiment = await this.mustFind(id);
    const shownPhase = phase ?? experiment.phase;
    const figures = new Map((await this.store.figures(id, shownPhase)).map((f) => [f.variantKey, f]));
    const control = experiment.variants.find((v) => v.isControl) ?? experiment.variants[0];
    const report = experimentReport({
      controlKey: control.key,
      variants: experiment.variants.map((v) => {
        const f = figures.get(v.key);
        return { key: v.key, name: v.name, weight: v.weight, visitors: f?.visitors ?? 0, orders: f?.convertedVisitors ?? 0, revenueMinor: f?.revenueMinor ?? 0 };
      }),
    });
    return {
      experiment: { id, key: experiment.key, name: experiment.name, status: experiment.status, phase: shownPhase, currentPhase: experiment.phase },
      alpha: 0.05,
      variants: report.variants.map((v) => ({ ...v, paidOrders: figures.get(v.key)?.orders ?? 0, revenueMinor: figures.get(v.key)?.revenueMinor ?? 0 })),
      srm: report.srm,
    };
  }

  private async mustFind(id: string, lock = false): Promise<ExperimentRecord> {
    const experiment = await this.store.byId(id, lock);
    if (!experiment) throw new NotFoundError(`No experiment ${id}`, 'experiment_not_found');
    return experiment;
  }

  private async check(coverage: number, variants: ExperimentVariant[]): Promise<void> {
    const problems = [...variantProblems(variants), coverageProblem(coverage)].filter((p): p is string => p !== null);
    for (const v of variants) {
      for (const activityId of v.activityIds) if (!(await this.activities.byId(activityId))) problems.push(`variant ${v.key}: no activity ${activityId}`);
      for (const couponId of v.couponIds) if (!(await this.coupons.byId(couponId))) problems.push(`variant ${v.key}: no coupon ${couponId}`);
    }
    if (problems.length > 0) throw new ValidationError(`Invalid experiment: ${problems.join('; ')}`, [{ field: 'variants', problems }]);
  }
}

/** Moving promotions between variants changes what visitors already exposed would see: a new phase, like a weight change. */
function promotionSetsChanged(before: ExperimentVariant[], after: ExperimentVariant[]): boolean {
  const sets = (vs: ExperimentVariant[]) => JSON.stringify(vs.map((v) => [v.key, [...v.activityIds].sort(), [...v.couponIds].sort()]));
  return sets(before) !== sets(after);
}
