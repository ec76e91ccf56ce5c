import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/clock/clock';
import { NotFoundError } from '../../../platform/http/app-error';
import { normaliseEmail } from '../domain/email';
import { LedgerEntry, PointsLedgerStore } from '../persistence/points-ledger-store';
import { MemberStore } from '../persistence/member-store';
import { PartnerStore } from '../persistence/partner-store';
import { RefreshTokenStore } from '../persistence/refresh-token-store';
import { LevelAssignment } from './level-assignment';
import { memberView } from './member-views';

function ledgerView(e: LedgerEntry) {
  return {
    id: e.id,
    kind: e.kind,
    orderId: e.orderId,
    orderNo: e.orderNo,
    amountMinor: e.amountMinor,
    currency: e.currency,
    rate: e.rate,
    points: e.points,
    spendMinor: e.spendMinor,
    at: e.at.toISOString(),
  };
}

/** Members as support and operators see them (read only). */
@Injectable()
export class MembersAdmin {
  constructor(
    private readonly members: MemberStore,
    private readonly ledger: PointsLedgerStore,
    private readonly partners: PartnerStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly levels: LevelAssignment,
    private readonly clock: Clock,
  ) {}

  /** `email` matches the start of the address (case-insensitive). */
  async list(email: string | undefined, limit: number, offset: number) {
    const [{ items, total }, snapshot] = await Promise.all([
      this.members.list(email === undefined ? undefined : normaliseEmail(email), limit, offset),
      this.levels.snapshot(),
    ]);
    return { items: items.map((m) => memberView(m, this.levels.progress(snapshot, m))), total, limit, offset };
  }

  /** The member with their points ledger (newest first, paged by limit/offset). */
  async get(id: string, limit: number, offset: number) {
    const member = await this.members.byId(id);
    if (!member) throw new NotFoundError(`No member ${id}`, 'member_not_found');
    const [snapshot, ledger, partners, sessions] = await Promise.all([
      this.levels.snapshot(),
      this.ledger.ofMember(id, limit, offset),
      this.partners.linksOf(id),
      this.refreshTokens.activeSessions(id, this.clock.now()),
    ]);
    return {
      ...memberView(member, this.levels.progress(snapshot, member)),
      /** The level last announced with MemberLevelChangedV1 (equal to level.id unless a recalculation is pending). */
      storedLevelId: member.levelId,
      referralCode: member.referralCode,
      partners: partners.map((p) => ({ partner: p.partner, linkedAt: p.linkedAt.toISOString() })),
      activeSessions: sessions,
      ledger: { items: ledger.items.map(ledgerView), total: ledger.total, limit, offset },
    };
  }
}
