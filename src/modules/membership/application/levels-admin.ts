import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { JobQueue } from '../../../platform/queue/job-queue';
import { ladder, ThresholdKind } from '../domain/member-levels';
import { LEVELS_QUEUE, RecalculateLevelsJob } from '../jobs/levels-queue';
import { LevelRecord, LevelStore } from '../persistence/level-store';
import { MemberStore } from '../persistence/member-store';

export interface LevelInput {
  name: string;
  thresholdKind: ThresholdKind;
  threshold: number;
  discountPercent: number;
  benefits: string;
}

export function levelView(l: LevelRecord, members: number) {
  return {
    id: l.id,
    name: l.name,
    thresholdKind: l.thresholdKind,
    threshold: l.threshold,
    discountPercent: l.discountPercent,
    benefits: l.benefits,
    /** Members whose stored level this is (the batch recalculation may still be moving some). */
    members,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

/**
 * Member levels through the admin (role marketing), audited. Every edit moves the levels revision
 * on in its transaction; once it commits, the members are recalculated in batches by a job
 * (jobs/recalculate-levels), which publishes MemberLevelChangedV1 for each member whose level moved.
 * Reads (profile, pricing) use the new levels at once.
 */
@Injectable()
export class LevelsAdmin {
  private readonly logger = new Logger('LevelsAdmin');

  constructor(
    private readonly levels: LevelStore,
    private readonly members: MemberStore,
    private readonly audit: AuditLog,
    private readonly jobs: JobQueue,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  async list() {
    const [{ levels }, counts] = await Promise.all([this.levels.snapshot(), this.members.countsByLevel()]);
    return { items: ladder(levels).map((l) => levelView(l, counts.get(l.id) ?? 0)) };
  }

  async get(id: string) {
    const level = await this.mustFind(id);
    return levelView(level, await this.members.countAtLevel(id));
  }

  async create(input: LevelInput) {
    const { level, revision } = await this.txHost.withTransaction(async () => {
      const revision = await this.levels.nextRevision();
      const now = this.clock.now();
      const level: LevelRecord = { id: randomUUID(), ...input, createdAt: now, updatedAt: now };
      if (!(await this.levels.insert(level))) throw nameTaken(input.name);
      await this.audit.record({ action: 'membership.level.create', targetType: 'member-level', targetId: level.id, details: describe(level) });
      return { level, revision };
    });
    await this.recalculate(revision);
    return levelView(level, 0);
  }

  async update(id: string, patch: Partial<LevelInput>) {
    const { level, revision } = await this.txHost.withTransaction(async () => {
      // Taken first: level edits run one at a time, so the name check below cannot race.
      const revision = await this.levels.nextRevision();
      const current = await this.mustFind(id);
      if (patch.name !== undefined && (await this.levels.nameTaken(patch.name, id))) throw nameTaken(patch.name);
      const level: LevelRecord = { ...current, ...definedOnly(patch), updatedAt: this.clock.now() };
      await this.levels.save(level);
      await this.audit.record({
        action: 'membership.level.update',
        targetType: 'member-level',
        targetId: id,
        details: { before: describe(current), after: describe(level) },
      });
      return { level, revision };
    });
    await this.recalculate(revision);
    return levelView(level, await this.members.countAtLevel(id));
  }

  /**
   * Only a level no member is at (stored) can go: 409 `level_in_use` otherwise; move its members
   * out first (raise its threshold) and delete it once the recalculation has run. A member being
   * moved onto it at this very moment holds a key lock on it, so the delete waits and then fails
   * on the foreign key: the same 409.
   */
  async delete(id: string): Promise<void> {
    const revision = await this.txHost.withTransaction(async () => {
      const revision = await this.levels.nextRevision();
      const level = await this.mustFind(id);
      const members = await this.members.countAtLevel(id);
      if (members > 0) throw inUse(level.name, members);
      try {
        await this.levels.delete(id);
      } catch (error) {
        const e = error as { code?: string; driverError?: { code?: string } };
        if ((e.driverError ?? e).code === '23503') throw inUse(level.name, 1);
        throw error;
      }
      await this.audit.record({ action: 'membership.level.delete', targetType: 'member-level', targetId: id, details: describe(level) });
      return revision;
    });
    await this.recalculate(revision);
  }

  /**
   * Queues the recalculation (once per revision; again if a finished job of that revision is still
   * remembered, e.g. after a database restore). If Redis refuses, the every-minute sweep does it.
   */
  private async recalculate(revision: number): Promise<void> {
    try {
      await this.jobs.requeue<RecalculateLevelsJob>(LEVELS_QUEUE, 'recalculate', { revision }, { jobId: `levels:${revision}`, attempts: 5, backoffMs: 5000 });
    } catch (error) {
      this.logger.error({ err: error, revision }, 'could not queue the level recalculation; the schedule will run it');
    }
  }

  private async mustFind(id: string): Promise<LevelRecord> {
    const level = await this.levels.byId(id);
    if (!level) throw new NotFoundError(`No member level ${id}`, 'level_not_found');
    return level;
  }
}

const nameTaken = (name: string) => new ConflictError(`A member level named "${name}" exists already`, 'level_name_taken');
const inUse = (name: string, members: number) =>
  new ConflictError(`Member level "${name}" is the level of ${members} member(s); move them out first`, 'level_in_use', { members });

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function describe(l: LevelRecord): Record<string, unknown> {
  return { name: l.name, thresholdKind: l.thresholdKind, threshold: l.threshold, discountPercent: l.discountPercent, benefits: l.benefits };
}
