import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { runsWorkers } from '../../../platform/config/process-role';
import { JobQueue } from '../../../platform/queue/job-queue';
import { Scheduler } from '../../../platform/queue/scheduler';
import { LevelAssignment } from '../application/level-assignment';
import { MemberStore } from '../persistence/member-store';
import { LEVELS_QUEUE, RecalculateLevelsJob } from './levels-queue';

const BATCH = 500;

/**
 * After a level edit, brings every member's stored level up to the new levels in batches of 500,
 * one short transaction each, publishing MemberLevelChangedV1 for each member that moved. Queued by
 * the edit; also swept every minute, which finishes a run that was interrupted (a crash, Redis
 * down when the edit was made) and members a points change held locked while a batch passed them.
 * Several workers may run it at once: batches skip each other's locked rows.
 */
@Injectable()
export class RecalculateLevels implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly members: MemberStore,
    private readonly levels: LevelAssignment,
    private readonly scheduler: Scheduler,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('membership.recalculate-levels', 60_000, async () => {
      await this.run();
    });
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config.ROLE)) return;
    this.jobs.process<RecalculateLevelsJob>(LEVELS_QUEUE, 1, async () => {
      await this.run();
    });
  }

  /** Recalculates every stale member; returns how many changed level. */
  async run(): Promise<number> {
    let changed = 0;
    for (;;) {
      const batch = await this.txHost.withTransaction(async () => {
        const snapshot = await this.levels.snapshot();
        const stale = await this.members.staleForLevels(snapshot.revision, BATCH);
        let moved = 0;
        for (const member of stale) if (await this.levels.settle(member, snapshot)) moved += 1;
        return { size: stale.length, moved };
      });
      changed += batch.moved;
      if (batch.size < BATCH) return changed;
    }
  }
}
