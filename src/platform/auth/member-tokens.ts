import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { signMemberToken, verifyMemberToken } from './member-token';

/** Public and worthless: only for development and tests, where no MEMBER_TOKEN_SECRET is set. */
const DEVELOPMENT_SECRET = 'development-only-member-token-secret-not-for-production';

/** Issues and checks members' access tokens with the configured secret. */
@Injectable()
export class MemberTokens {
  private readonly logger = new Logger('MemberTokens');
  private readonly secret: string;
  readonly ttlSeconds: number;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    if (!config.MEMBER_TOKEN_SECRET && config.NODE_ENV === 'production') {
      throw new Error('MEMBER_TOKEN_SECRET is required in production (32+ random characters)');
    }
    if (!config.MEMBER_TOKEN_SECRET && config.NODE_ENV === 'development') {
      this.logger.warn('MEMBER_TOKEN_SECRET is not set: members\' tokens are signed with the public development secret');
    }
    this.secret = config.MEMBER_TOKEN_SECRET ?? DEVELOPMENT_SECRET;
    this.ttlSeconds = config.MEMBER_ACCESS_TOKEN_MINUTES * 60;
  }

  issue(memberId: string): { accessToken: string; expiresAt: string } {
    const now = this.clock.now();
    return {
      accessToken: signMemberToken(this.secret, memberId, now, this.ttlSeconds),
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000).toISOString(),
    };
  }

  /** The member id of a valid token, or null. */
  memberOf(token: string): string | null {
    const check = verifyMemberToken(this.secret, token, this.clock.now());
    return check.ok ? check.claims.sub : null;
  }
}
