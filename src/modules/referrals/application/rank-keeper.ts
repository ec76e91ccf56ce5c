import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { rankFor } from '../domain/rank-policy';
import { MemberStore, ReferralMember } from '../persistence/member-store';
import { Rank, RankStore } from '../persistence/rank-store';
import { RankChangedV1 } from '../public/referrals.events';

const PAGE = 5_000;

/** Keeps each member's rank in step with their direct members and team sales; publishes every change. */
@Injectable()
export class RankKeeper {
  constructor(
    private readonly members: MemberStore,
    private readonly ranks: RankStore,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  /** After a bind or a sale: the members whose counters moved (the caller holds their locks or the tree lock). */
  async recompute(memberIds: string[]): Promise<void> {
    if (memberIds.length === 0) return;
    const ranks = await this.ranks.all();
    await this.apply(await this.members.byIds([...new Set(memberIds)]), ranks);
  }

  /** After the ranks themselves changed (to `ranks`, by default the stored ones): everyone who holds or could hold one; the caller holds the exclusive tree lock. */
  async recomputeAll(ranks?: Rank[]): Promise<number> {
    ranks ??= await this.ranks.all();
    let changed = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.members.rankCandidates(after, PAGE);
      changed += await this.apply(page, ranks);
      if (page.length < PAGE) return changed;
      after = page[page.length - 1].memberId;
    }
  }

  private async apply(members: ReferralMember[], ranks: Rank[]): Promise<number> {
    const now = this.clock.now();
    const events: RankChangedV1[] = [];
    for (const m of members) {
      const to = rankFor({ directCount: m.directCount, teamSalesMinor: m.teamSalesMinor }, ranks);
      if (to === m.rankId) continue;
      await this.members.setRank(m.memberId, to, now);
      events.push(new RankChangedV1(m.memberId, m.rankId, to, now.toISOString()));
    }
    for (let i = 0; i < events.length; i += 500) await this.outbox.publish(...events.slice(i, i + 500));
    return events.length;
  }
}
