import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { rateProblems } from '../domain/commission-plan';
import { Rank, RankStore } from '../persistence/rank-store';
import { RankKeeper } from './rank-keeper';
import { TreeLock } from './tree-lock';

export interface RankInput {
  name: string;
  position: number;
  minDirectMembers: number;
  minTeamSalesMinor: number;
  rateBpsByLevel: number[];
}

const rankView = (r: Rank) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  minDirectMembers: r.minDirectMembers,
  minTeamSalesMinor: r.minTeamSalesMinor,
  rateBpsByLevel: r.rateBpsByLevel,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * Ranks (role finance: their rates move money). Any change re-ranks every member at once, under the
 * exclusive tree lock, and publishes each member's rank change. Audited.
 */
@Injectable()
export class RanksAdmin {
  constructor(
    private readonly store: RankStore,
    private readonly rankKeeper: RankKeeper,
    private readonly lock: TreeLock,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list() {
    return { items: (await this.store.all()).map(rankView) };
  }

  async create(input: RankInput) {
    const now = this.clock.now();
    const rank: Rank = { id: randomUUID(), ...input, createdAt: now, updatedAt: now };
    const rerankedMembers = await this.save(rank);
    await this.audit.record({ action: 'referrals.rank.create', targetType: 'referral-rank', targetId: rank.id, details: { ...input, rerankedMembers } });
    return rankView(rank);
  }

  async update(id: string, patch: Partial<RankInput>) {
    const current = await this.mustFind(id);
    const rank: Rank = { ...current, ...definedOnly(patch), updatedAt: this.clock.now() };
    const rerankedMembers = await this.save(rank);
    await this.audit.record({ action: 'referrals.rank.update', targetType: 'referral-rank', targetId: id, details: { ...definedOnly(patch), rerankedMembers } });
    return rankView(rank);
  }

  async delete(id: string) {
    const current = await this.mustFind(id);
    await this.lock.exclusive();
    // Re-rank without it first: its holders move to what they still qualify for, then it can go.
    const rerankedMembers = await this.rankKeeper.recomputeAll((await this.store.all()).filter((r) => r.id !== id));
    await this.store.delete(id);
    await this.audit.record({ action: 'referrals.rank.delete', targetType: 'referral-rank', targetId: id, details: { name: current.name, rerankedMembers } });
  }

  private async save(rank: Rank): Promise<number> {
    const problems = rateProblems(rank.rateBpsByLevel);
    if (rank.minDirectMembers === 0 && rank.minTeamSalesMinor === 0) problems.push('a rank needs at least one threshold above zero');
    if (problems.length > 0) throw new ValidationError(`Invalid rank: ${problems.join('; ')}`, [{ field: 'rank', problems }]);
    await this.lock.exclusive();
    const clash = await this.store.save(rank);
    if (clash) throw new ConflictError(`Another rank has this ${clash}`, `rank_${clash}_taken`);
    return this.rankKeeper.recomputeAll();
  }

  private async mustFind(id: string): Promise<Rank> {
    const rank = await this.store.byId(id);
    if (!rank) throw new NotFoundError(`No rank ${id}`, 'rank_not_found');
    return rank;
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
