import { HttpStatus, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { AppError, BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { normaliseEmail } from '../domain/email';
import { levelOf } from '../domain/member-levels';
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from '../domain/password-hash';
import { LevelsSnapshot } from '../persistence/level-store';
import { MemberRecord, MemberStore } from '../persistence/member-store';
import { PartnerStore } from '../persistence/partner-store';
import { MemberLevelChangedV1, MemberRegisteredV1 } from '../public/membership.events';
import { LevelAssignment } from './level-assignment';
import { MemberSessions, SessionTokens } from './member-sessions';
import { memberView, MemberView } from './member-views';
import { SignInAttempts } from './sign-in-attempts';

export type SignedIn = { member: MemberView } & SessionTokens;

/** Reserved for members created by partners (domain/partners placeholderEmail). */
const PLACEHOLDER_DOMAIN = '@partner.invalid';

const invalidCredentials = () => new AppError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'The e-mail or password is wrong');

/** Accounts with an e-mail and a password: register, sign in, the member's own profile and password. */
@Injectable()
export class MemberAccounts {
  constructor(
    private readonly members: MemberStore,
    private readonly partners: PartnerStore,
    private readonly sessions: MemberSessions,
    private readonly attempts: SignInAttempts,
    private readonly levels: LevelAssignment,
    private readonly outbox: EventOutbox,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  async register(input: { email: string; password: string; displayName?: string; referralCode?: string }): Promise<SignedIn> {
    const email = normaliseEmail(input.email);
    if (email.endsWith(PLACEHOLDER_DOMAIN)) {
      throw new ValidationError(`Addresses ${PLACEHOLDER_DOMAIN} are reserved`, [{ field: 'email', problems: ['reserved domain'] }]);
    }
    // Hashing takes ~30 ms of CPU: done before the transaction, so no connection waits on it.
    const passwordHash = await hashPassword(input.password);
    return this.txHost.withTransaction(async () => {
      const member = await this.create({ email, emailIsPlaceholder: false, passwordHash, displayName: input.displayName ?? null, referralCode: input.referralCode ?? null });
      if (!member) throw new ConflictError('An account with this e-mail exists already', 'email_taken');
      return { member: memberView(member.record, this.levels.progress(member.snapshot, member.record)), ...(await this.sessions.start(member.record.id)) };
    });
  }

  /**
   * Inserts a member at the level zero spend and points reach and announces it (MemberRegisteredV1,
   * and MemberLevelChangedV1 from no level when that level exists). Null when the e-mail is taken.
   * In the caller's transaction.
   */
  async create(input: {
    email: string;
    emailIsPlaceholder: boolean;
    passwordHash: string | null;
    displayName: string | null;
    referralCode: string | null;
  }): Promise<{ record: MemberRecord; snapshot: LevelsSnapshot } | null> {
    const snapshot = await this.levels.snapshot();
    const now = this.clock.now();
    const level = levelOf(snapshot.levels, { lifetimeSpendMinor: 0, points: 0 });
    const record: MemberRecord = {
      id: randomUUID(),
      ...input,
      points: 0,
      lifetimeSpendMinor: 0,
      levelId: level?.id ?? null,
      levelsRevision: snapshot.revision,
      registeredAt: now,
      updatedAt: now,
    };
    if (!(await this.members.insert(record))) return null;
    await this.outbox.publish(new MemberRegisteredV1(record.id, input.referralCode, now.toISOString()));
    if (level) await this.outbox.publish(new MemberLevelChangedV1(record.id, null, level.id, now.toISOString()));
    return { record, snapshot };
  }

  /**
   * Wrong password, unknown e-mail and partner-only account all answer the same 401 after the same
   * work (a scrypt check, against a decoy hash when there is no real one), and all count toward
   * the limit.
   */
  async signIn(input: { email: string; password: string; client: string }): Promise<SignedIn> {
    const email = normaliseEmail(input.email);
    await this.attempts.assertAllowed(email, input.client);
    const member = await this.members.byEmail(email);
    const passwordOk = await verifyPassword(input.password, member?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!member?.passwordHash || !passwordOk) {
      await this.attempts.failed(email, input.client);
      throw invalidCredentials();
    }
    await this.attempts.succeeded(email);
    return this.txHost.withTransaction(async () => ({
      member: await this.view(member),
      ...(await this.sessions.start(member.id)),
    }));
  }

  async profile(memberId: string) {
    const member = await this.mustFind(memberId);
    return { ...(await this.view(member)), partners: (await this.partners.linksOf(memberId)).map((l) => ({ partner: l.partner, linkedAt: l.linkedAt.toISOString() })) };
  }

  /** In the caller's transaction. */
  async rename(memberId: string, displayName: string | null) {
    await this.mustFind(memberId);
    await this.members.setDisplayName(memberId, displayName, this.clock.now());
    return this.profile(memberId);
  }

  /**
   * Checks the current password (counted like sign-in failures: a stolen access token must not
   * become a password oracle), stores the new one and ends every sign-in, then starts a new one
   * for the device that asked. Access tokens already issued lapse within their 15 minutes.
   */
  async changePassword(memberId: string, input: { currentPassword: string; newPassword: string; client: string }): Promise<SessionTokens> {
    const member = await this.mustFind(memberId);
    if (!member.passwordHash) throw new BusinessRuleError('This account signs in through a partner and has no password', 'password_not_set');
    await this.attempts.assertAllowed(member.email, input.client);
    if (!(await verifyPassword(input.currentPassword, member.passwordHash))) {
      await this.attempts.failed(member.email, input.client);
      throw new BusinessRuleError('The current password is wrong', 'current_password_wrong');
    }
    await this.attempts.succeeded(member.email);
    const passwordHash = await hashPassword(input.newPassword);
    return this.txHost.withTransaction(async () => {
      await this.members.setPasswordHash(memberId, passwordHash, this.clock.now());
      await this.sessions.endAll(memberId, 'password_changed');
      return this.sessions.start(memberId);
    });
  }

  async view(member: MemberRecord): Promise<MemberView> {
    return memberView(member, this.levels.progress(await this.levels.snapshot(), member));
  }

  private async mustFind(memberId: string): Promise<MemberRecord> {
    const member = await this.members.byId(memberId);
    if (!member) throw new NotFoundError('No such member', 'member_not_found');
    return member;
  }
}
