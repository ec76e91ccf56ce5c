import { Injectable } from '@nestjs/common';
import { EventOutbox } from '../../../platform/events';
import { assignVariant } from '../domain/experiments/bucketing';
import { bucketingSeed } from '../domain/experiments/experiment-rules';
import { ExperimentRecord, ExperimentStore, ExperimentVariant } from '../persistence/experiment-store';
import type { HeldAssignment } from '../persistence/hold-store';
import { ExperimentExposedV1 } from '../public/promotions.events';

/** What the experiments in force decide for one visitor. */
export interface VisitorExperiments {
  /** The experiments the visitor is in, with their variant: exposures now, conversions at payment. */
  assignments: HeldAssignment[];
  /** Promotions run by an experiment but not by this visitor's variant: they do not apply. */
  excludedActivityIds: Set<string>;
  excludedCouponIds: Set<string>;
}

/**
 * Decides which variant's promotions a visitor gets. Promotions named by a variant of a running or
 * paused experiment apply only to the visitors of that variant; visitors outside the coverage,
 * without a visitor id, or in a paused experiment get the control's and count for nothing. The
 * variant is the GrowthBook hash of the experiment's seed (key + phase) and the visitor id,
 * remembered at the first exposure, so the same visitor sees the same variant at quote time and at
 * payment even if the hash inputs were to change.
 */
@Injectable()
export class ExperimentAssignments {
  constructor(
    private readonly store: ExperimentStore,
    private readonly outbox: EventOutbox,
  ) {}

  /** Must run in a transaction: first exposures are recorded and published. */
  async resolve(visitorId: string | null, at: Date): Promise<VisitorExperiments> {
    const experiments = await this.store.inForce();
    const result: VisitorExperiments = { assignments: [], excludedActivityIds: new Set(), excludedCouponIds: new Set() };
    if (experiments.length === 0) return result;
    const remembered = visitorId ? await this.store.exposuresOf(visitorId, experiments) : new Map<string, string>();
    for (const experiment of experiments) {
      let variant = controlOf(experiment);
      if (visitorId && experiment.status === 'running') {
        const chosen = remembered.get(experiment.id) ?? this.bucket(experiment, visitorId);
        if (chosen !== null) {
          const exposure = await this.store.expose(experiment.id, experiment.phase, visitorId, chosen, at);
          if (exposure.first) {
            await this.outbox.publish(
              new ExperimentExposedV1(experiment.id, experiment.key, experiment.phase, exposure.variantKey, visitorId, at.toISOString()),
            );
          }
          variant = experiment.variants.find((v) => v.key === exposure.variantKey) ?? variant;
          result.assignments.push({ experimentId: experiment.id, experimentKey: experiment.key, phase: experiment.phase, variantKey: variant.key, visitorId });
        }
      }
      for (const other of experiment.variants) {
        if (other.key === variant.key) continue;
        other.activityIds.filter((id) => !variant.activityIds.includes(id)).forEach((id) => result.excludedActivityIds.add(id));
        other.couponIds.filter((id) => !variant.couponIds.includes(id)).forEach((id) => result.excludedCouponIds.add(id));
      }
    }
    return result;
  }

  private bucket(experiment: ExperimentRecord, visitorId: string): string | null {
    const index = assignVariant({
      experimentKey: experiment.key,
      seed: bucketingSeed({ experimentKey: experiment.key, phase: experiment.phase }),
      visitorId,
      weights: experiment.variants.map((v) => v.weight),
      coverage: experiment.coverage,
    });
    return index === null ? null : experiment.variants[index].key;
  }
}

function controlOf(experiment: ExperimentRecord): ExperimentVariant {
  return experiment.variants.find((v) => v.isControl) ?? experiment.variants[0];
}
