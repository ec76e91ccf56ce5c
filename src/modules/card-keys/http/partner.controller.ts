import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PartnerClaims } from '../partner/partner-claims';
import { PartnerAuthGuard, PartnerRequest } from '../partner/partner-auth.guard';
import { ClaimBody, ExternalRefParam } from './partner.dto';

/** The vault licensed to other platforms: claim keys from the goods items an API key is scoped to. */
@ApiTags('partner')
@ApiHeader({ name: 'X-Api-Key', required: true })
@Controller('partner/v1')
@UseGuards(PartnerAuthGuard)
export class PartnerController {
  constructor(private readonly claims: PartnerClaims) {}

  @Post('claims')
  @ApiOperation({ summary: 'Claim keys; the same externalRef again returns the same keys (200) instead of new ones' })
  async claim(@Req() req: PartnerRequest, @Body() body: ClaimBody, @Res({ passthrough: true }) res: Response) {
    const { replayed, ...claim } = await this.claims.claim(req.partner!, body);
    res.status(replayed ? 200 : 201);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return claim;
  }

  @Get('claims/:externalRef')
  get(@Req() req: PartnerRequest, @Param() { externalRef }: ExternalRefParam) {
    return this.claims.get(req.partner!, externalRef);
  }

  @Get('scopes')
  scopes(@Req() req: PartnerRequest) {
    return this.claims.scopes(req.partner!);
  }
}
