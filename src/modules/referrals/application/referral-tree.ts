import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { normaliseReferralCode } from '../domain/referral-code';
import { BoundVia, MemberStore, ReferralMember } from '../persistence/member-store';
import { TreePathsStore } from '../persistence/tree-paths-store';
import { AlreadyBoundError, ReferralCodeNotFoundError, ReferralCycleError, SelfReferralError } from '../public/referrals.errors';
import { ReferralBoundV1 } from '../public/referrals.events';
import { RankKeeper } from './rank-keeper';
import { TreeLock } from './tree-lock';

export interface Binding {
  memberId: string;
  referrerId: string;
  referrerCode: string;
  boundAt: string;
  via: BoundVia;
}

/**
 * Who referred whom. A member binds once (at registration with a code, or later by themselves);
 * only an admin moves them afterwards. Never to themselves, never below themselves (the referrer
 * may not be in the member's own team: a member who registered without a code may have a team
 * already). Every change runs under the exclusive tree lock and keeps the closure table, the
 * upline columns, the team counters and the ranks of both the old and the new upline in step.
 */
@Injectable()
export class ReferralTree {
  constructor(
    private readonly members: MemberStore,
    private readonly paths: TreePathsStore,
    private readonly rankKeeper: RankKeeper,
    private readonly lock: TreeLock,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * A member registered: their row and code, and their referrer when they came with a valid code
   * of another member. A bad code does not stop anything: the member may bind later themselves.
   */
  async enter(memberId: string, typedCode: string | null): Promise<void> {
    await this.lock.exclusive();
    const me = await this.members.ensure(memberId, this.clock.now());
    const code = typedCode ? normaliseReferralCode(typedCode) : null;
    if (!code || me.parentId) return;
    const referrer = await this.members.byCode(code);
    if (!referrer || referrer.memberId === memberId || (await this.paths.isInSubtree(memberId, referrer.memberId))) return;
    await this.attach(me, referrer, 'registration');
  }

  /** The member names their referrer once: POST /api/me/referrer. */
  async bindByMember(memberId: string, typedCode: string): Promise<Binding> {
    await this.lock.exclusive();
    await this.members.ensure(memberId, this.clock.now());
    // The row lock as well as the tree lock: binding twice must stay impossible even if the tree
    // lock were ever narrowed.
    const me = (await this.members.byId(memberId, true)) as ReferralMember;
    if (me.parentId) throw new AlreadyBoundError();
    const referrer = await this.checkedReferrer(me, typedCode);
    return this.attach(me, referrer, 'member');
  }

  /** An admin moves a member (and their whole team) under another referrer; audited with the reason. */
  async rebindByAdmin(memberId: string, typedCode: string, reason: string): Promise<Binding> {
    await this.lock.exclusive();
    const me = await this.members.byId(memberId, true);
    if (!me) throw new NotFoundError(`Member ${memberId} has no referral record`, 'referral_member_not_found');
    const referrer = await this.checkedReferrer(me, typedCode);
    if (referrer.memberId === me.parentId) throw new ConflictError('The member is bound to this referrer already', 'referrer_unchanged');
    const binding = await this.attach(me, referrer, 'admin');
    await this.audit.record({
      action: 'referrals.member.rebind',
      targetType: 'referral-member',
      targetId: memberId,
      reason,
      details: { fromReferrerId: me.parentId, toReferrerId: referrer.memberId, toReferrerCode: referrer.code, movedTeamSize: me.teamSize },
    });
    return binding;
  }

  private async checkedReferrer(me: ReferralMember, typedCode: string): Promise<ReferralMember> {
    const code = normaliseReferralCode(typedCode);
    const referrer = code ? await this.members.byCode(code) : null;
    if (!referrer) throw new ReferralCodeNotFoundError(typedCode.trim());
    if (referrer.memberId === me.memberId) throw new SelfReferralError();
    if (await this.paths.isInSubtree(me.memberId, referrer.memberId)) throw new ReferralCycleError();
    return referrer;
  }

  /** Hangs the member and their team under the referrer; the caller holds the exclusive tree lock. */
  private async attach(me: ReferralMember, referrer: ReferralMember, via: BoundVia): Promise<Binding> {
    const now = this.clock.now();
    const movedSize = 1 + me.teamSize;
    const movedSales = me.ownSalesMinor + me.teamSalesMinor;

    const oldAncestors = await this.paths.ancestorsOf(me.memberId);
    await this.members.addTeam(oldAncestors, -movedSize, -movedSales);
    if (me.parentId) await this.members.addDirect(me.parentId, -1);

    await this.paths.moveSubtree(me.memberId, referrer.memberId);
    const newAncestors = await this.paths.ancestorsOf(me.memberId);
    await this.members.addTeam(newAncestors, movedSize, movedSales);
    await this.members.addDirect(referrer.memberId, 1);
    await this.members.setReferrer(me.memberId, referrer, via, now);
    await this.members.refreshUplineBelow(me.memberId, now);

    await this.rankKeeper.recompute([...oldAncestors, ...newAncestors]);
    await this.outbox.publish(new ReferralBoundV1(me.memberId, referrer.memberId, me.parentId, via, now.toISOString()));
    return { memberId: me.memberId, referrerId: referrer.memberId, referrerCode: referrer.code, boundAt: now.toISOString(), via };
  }
}
