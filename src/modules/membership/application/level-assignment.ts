import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { levelOf, NextLevel, progressOf, Standing } from '../domain/member-levels';
import { LevelRecord, LevelsSnapshot, LevelStore } from '../persistence/level-store';
import { MemberStore } from '../persistence/member-store';
import { MemberLevelChangedV1 } from '../public/membership.events';

export interface Progress {
  current: LevelRecord | null;
  next: NextLevel<LevelRecord> | null;
}

/**
 * Which level a member is at. Two views of one rule (domain/member-levels):
 * - live: computed from the current levels on every read (profile, pricing), so a level edit is
 *   visible at once;
 * - stored: `members.level_id`, the level last announced with MemberLevelChangedV1. It is brought
 *   up to date in the transaction of every change of points or spend, and after a level edit by
 *   the batch recalculation (jobs/recalculate-levels). Each member row is locked while its stored
 *   level is compared and changed, so one change gives exactly one event.
 */
@Injectable()
export class LevelAssignment {
  constructor(
    private readonly levels: LevelStore,
    private readonly members: MemberStore,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  snapshot(): Promise<LevelsSnapshot> {
    return this.levels.snapshot();
  }

  progress(snapshot: LevelsSnapshot, standing: Standing): Progress {
    return progressOf(snapshot.levels, standing);
  }

  /**
   * Brings a member's stored level in line with their standing and the snapshot; announces a
   * change. The member row must be locked by the caller (or be new in this transaction).
   */
  async settle(member: { id: string; levelId: string | null } & Standing, snapshot: LevelsSnapshot): Promise<boolean> {
    const level = levelOf(snapshot.levels, member);
    const toLevelId = level?.id ?? null;
    await this.members.setLevel(member.id, toLevelId, snapshot.revision);
    if (toLevelId === member.levelId) return false;
    await this.outbox.publish(new MemberLevelChangedV1(member.id, member.levelId, toLevelId, this.clock.now().toISOString()));
    return true;
  }
}
