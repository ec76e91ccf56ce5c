import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../../platform/config/app-config';
import { AppError } from '../../../platform/http/app-error';
import { RateCounters } from '../../../platform/counters/rate-counters';

const WINDOW_SECONDS = 15 * 60;
// One client may mistype a few accounts' passwords; guessing at one account is stopped sooner.
const CLIENT_FACTOR = 4;

/**
 * Wrong passwords, counted per e-mail and per client (in Redis, so every API node sees the same
 * count). Past the limit, sign-in answers 429 for the rest of the 15-minute window, even with the
 * right password (otherwise the limit would only slow a guesser down). Unknown e-mails are counted
 * the same way as known ones, so the limit reveals nothing either. The price: someone who knows an
 * address can keep its owner out for 15 minutes at a time; the owner can still sign in through a
 * partner or wait. E-mails are stored hashed: the counters hold no addresses.
 */
@Injectable()
export class SignInAttempts {
  constructor(
    private readonly config: AppConfig,
    private readonly counters: RateCounters,
  ) {}

  async assertAllowed(email: string, client: string): Promise<void> {
    const [perEmail, perClient] = await this.counters.read([this.emailKey(email), this.clientKey(client)]);
    const limit = this.config.MEMBER_SIGN_IN_MAX_FAILURES;
    if (perEmail >= limit || perClient >= limit * CLIENT_FACTOR) {
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_sign_in_attempts', 'Too many wrong passwords; try again in 15 minutes');
    }
  }

  async failed(email: string, client: string): Promise<void> {
    await this.counters.hit([this.emailKey(email), this.clientKey(client)], WINDOW_SECONDS);
  }

  /** A right password clears the account's count (not the client's: a sprayer stays counted). */
  async succeeded(email: string): Promise<void> {
    await this.counters.clear(this.emailKey(email));
  }

  private emailKey(email: string): string {
    return `${this.config.QUEUE_PREFIX}:member-sign-in:email:${createHash('sha256').update(email).digest('base64url')}`;
  }

  private clientKey(client: string): string {
    return `${this.config.QUEUE_PREFIX}:member-sign-in:client:${client}`;
  }
}
