import { CanActivate, ExecutionContext, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { setActor } from '../../../platform/auth/actor';
import { AppConfig } from '../../../platform/config/app-config';
import { AppError } from '../../../platform/http/app-error';
import { RateCounters } from '../../../platform/counters/rate-counters';
import { Partner, PartnerAccounts } from './partner-accounts';

export type PartnerRequest = Request & { partner?: Partner; principal?: string };

/**
 * The partner API's door: an `X-Api-Key` that matches a live key (401 otherwise), then the
 * partner's own per-minute limit, counted in Redis so it holds across API nodes (429 past it;
 * in this process's memory when the shop runs without Redis).
 */
@Injectable()
export class PartnerAuthGuard implements CanActivate {
  constructor(
    private readonly accounts: PartnerAccounts,
    private readonly cls: ClsService,
    private readonly counters: RateCounters,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PartnerRequest>();
    const apiKey = req.header('x-api-key');
    if (!apiKey) throw new UnauthorizedException('A partner API key is required (X-Api-Key header)');
    const partner = await this.accounts.authenticate(apiKey);
    if (!partner) throw new UnauthorizedException('The partner API key is unknown or revoked');
    req.partner = partner;
    req.principal = `partner:${partner.id}`;
    setActor(this.cls, { type: 'partner', id: partner.id, label: partner.name });
    await this.enforceRateLimit(partner, context.switchToHttp().getResponse<Response>());
    return true;
  }

  private async enforceRateLimit(partner: Partner, res: Response): Promise<void> {
    const window = Math.floor(Date.now() / 60_000);
    const key = `${this.config.QUEUE_PREFIX}:partner-rate:${partner.id}:${window}`;
    const [hits] = await this.counters.hit([key], 120);
    res.setHeader('X-RateLimit-Limit', String(partner.rateLimitPerMinute));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, partner.rateLimitPerMinute - hits)));
    if (hits > partner.rateLimitPerMinute) {
      res.setHeader('Retry-After', String(60 - (Math.floor(Date.now() / 1000) % 60)));
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'partner_rate_limited', `More than ${partner.rateLimitPerMinute} requests this minute`);
    }
  }
}
