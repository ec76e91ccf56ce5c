import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../../platform/config/app-config';
import { Clock } from '../../../platform/clock/clock';
import { AppError } from '../../../platform/http/app-error';
import { isPlausibleEmail, normaliseEmail } from '../domain/email';
import { AssertionRefusal, PartnerAssertion, verifyAssertion } from '../domain/partner-assertion';
import { parsePartners, placeholderEmail } from '../domain/partners';
import { MemberStore } from '../persistence/member-store';
import { PartnerStore } from '../persistence/partner-store';
import { MemberAccounts, SignedIn } from './member-accounts';
import { MemberSessions } from './member-sessions';

const DISPLAY_NAME_MAX = 50;

/**
 * Sign-in for the users of a partner community (MEMBER_PARTNERS): the partner signs an assertion
 * about its user, the shop signs in the member linked to (partner, user id), creating and linking
 * one the first time. Every refusal is the same 401 `invalid_assertion` and changes nothing; the
 * reason goes to the log (never the secret or the assertion).
 *
 * Replays are refused: an accepted assertion's digest is kept until it expires (at most 10
 * minutes), so one assertion signs in once, on any node.
 */
@Injectable()
export class PartnerSignIn {
  private readonly logger = new Logger('PartnerSignIn');
  private readonly secrets: Map<string, string>;

  constructor(
    config: AppConfig,
    private readonly partners: PartnerStore,
    private readonly members: MemberStore,
    private readonly accounts: MemberAccounts,
    private readonly sessions: MemberSessions,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {
    // Throws at boot on duplicate codes; AppConfig has checked the shape already.
    this.secrets = parsePartners(config.MEMBER_PARTNERS);
  }

  async signIn(partner: string, assertionText: string): Promise<SignedIn & { created: boolean }> {
    const secret = this.secrets.get(partner);
    if (!secret) return this.refuse(partner, 'unknown_partner');
    const check = verifyAssertion(secret, assertionText, this.clock.now());
    if (!check.ok) return this.refuse(partner, check.reason);
    const assertion = check.assertion;
    return this.txHost.withTransaction(async () => {
      // The digest covers the partner and the payload, not the signature's spelling: an upper-cased
      // hex signature is the same assertion.
      const digest = createHash('sha256').update(`${partner}\n${assertionText.split('.')[0]}`).digest();
      if (!(await this.partners.markAssertionUsed(digest, partner, new Date(assertion.exp * 1000)))) return this.refuse(partner, 'replayed');
      await this.partners.lockSubject(partner, assertion.sub);
      const linked = await this.partners.memberOf(partner, assertion.sub);
      const memberId = linked ?? (await this.createLinkedMember(partner, assertion));
      const member = await this.members.byId(memberId);
      if (!member) throw new Error(`partner link ${partner} → member ${memberId}: the member is missing`);
      return { created: linked === null, member: await this.accounts.view(member), ...(await this.sessions.start(memberId)) };
    });
  }

  /**
   * A new member for a partner user: the assertion's e-mail when it is given, plausible and free
   * (an address that belongs to someone is never taken over: the partner user gets a placeholder
   * instead), otherwise `<partner>-<sub>@partner.invalid`. No password: they sign in through the partner.
   */
  private async createLinkedMember(partner: string, assertion: PartnerAssertion): Promise<string> {
    const displayName = assertion.displayName?.trim().slice(0, DISPLAY_NAME_MAX) || null;
    const given = assertion.email === null ? null : normaliseEmail(assertion.email);
    const fields = { emailIsPlaceholder: false, passwordHash: null, displayName, referralCode: null };
    const created =
      (given && isPlausibleEmail(given) && !given.endsWith('@partner.invalid') ? await this.accounts.create({ ...fields, email: given }) : null) ??
      (await this.accounts.create({ ...fields, email: placeholderEmail(partner, assertion.sub), emailIsPlaceholder: true }));
    if (!created) throw new Error(`partner ${partner}: the placeholder address of a new member is taken`);
    await this.partners.link(partner, assertion.sub, created.record.id, this.clock.now());
    return created.record.id;
  }

  private refuse(partner: string, reason: AssertionRefusal | 'unknown_partner' | 'replayed'): never {
    this.logger.warn({ partner: partner.slice(0, 40), reason }, 'partner sign-in refused');
    throw new AppError(HttpStatus.UNAUTHORIZED, 'invalid_assertion', 'The partner assertion is not valid');
  }
}
