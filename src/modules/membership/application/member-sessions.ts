import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { MemberTokens } from '../../../platform/auth/member-tokens';
import { Clock } from '../../../platform/clock/clock';
import { AppError } from '../../../platform/http/app-error';
import { judgeRefreshToken, newRefreshToken, REFRESH_TOKEN_SHAPE, refreshTokenDigest, refreshTokenExpiry } from '../domain/refresh-token';
import { RefreshTokenStore, RevokeReason } from '../persistence/refresh-token-store';

export interface SessionTokens {
  /** HS256 JWT from the platform's MemberTokens (15 minutes by default). */
  accessToken: string;
  accessTokenExpiresAt: string;
  /** Opaque, single use, 30 days: trade it at /api/members/refresh for a new pair. */
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export const invalidRefreshToken = () =>
  new AppError(HttpStatus.UNAUTHORIZED, 'invalid_refresh_token', 'The refresh token is unknown, used, revoked or expired: sign in again');

/**
 * A member's sign-ins. Each sign-in starts a family of refresh tokens; every refresh spends one
 * token and issues its successor in the same family. Access tokens are the platform's JWTs: they
 * cannot be revoked and simply lapse within minutes, which is why they are short.
 */
@Injectable()
export class MemberSessions {
  private readonly logger = new Logger('MemberSessions');

  constructor(
    private readonly store: RefreshTokenStore,
    private readonly accessTokens: MemberTokens,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  /** A new sign-in (a new family), in the caller's transaction. */
  async start(memberId: string): Promise<SessionTokens> {
    return this.issue(memberId, randomUUID());
  }

  /**
   * Trades a refresh token for a new pair. Runs in its own transaction, which commits even when the
   * answer is a 401: revoking a family after a reuse must stick.
   */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    if (!REFRESH_TOKEN_SHAPE.test(refreshToken)) throw invalidRefreshToken();
    const outcome = await this.txHost.withTransaction(async () => {
      const now = this.clock.now();
      const token = await this.store.byDigest(refreshTokenDigest(refreshToken), true);
      if (!token) return null;
      const verdict = judgeRefreshToken(token, now);
      if (verdict === 'reused') {
        const revoked = await this.store.revokeFamily(token.familyId, 'reused', now);
        this.logger.warn({ memberId: token.memberId, familyId: token.familyId, revoked }, 'a spent refresh token came back: its family is revoked');
      }
      if (verdict !== 'rotate') return null;
      await this.store.markUsed(token.id, now);
      return this.issue(token.memberId, token.familyId);
    });
    if (!outcome) throw invalidRefreshToken();
    return outcome;
  }

  /** Ends the sign-in the token belongs to (its whole family). Unknown or spent tokens: nothing to do, no error. */
  async signOut(refreshToken: string): Promise<void> {
    if (!REFRESH_TOKEN_SHAPE.test(refreshToken)) return;
    await this.txHost.withTransaction(async () => {
      const token = await this.store.byDigest(refreshTokenDigest(refreshToken));
      if (token) await this.store.revokeFamily(token.familyId, 'signed_out', this.clock.now());
    });
  }

  /** Ends every sign-in of the member (in the caller's transaction). */
  async endAll(memberId: string, reason: RevokeReason): Promise<number> {
    return this.store.revokeAllOf(memberId, reason, this.clock.now());
  }

  private async issue(memberId: string, familyId: string): Promise<SessionTokens> {
    const issuedAt = this.clock.now();
    const refreshToken = newRefreshToken();
    const expiresAt = refreshTokenExpiry(issuedAt);
    await this.store.insert({ id: randomUUID(), memberId, familyId, digest: refreshTokenDigest(refreshToken), issuedAt, expiresAt });
    const access = this.accessTokens.issue(memberId);
    return {
      accessToken: access.accessToken,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt: expiresAt.toISOString(),
    };
  }
}
