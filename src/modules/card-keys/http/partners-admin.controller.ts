import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { PartnerAccounts } from '../partner/partner-accounts';
import { CreatePartnerBody, PartnerIdParam, PartnerKeyParams, PartnerScopeParams, ScopeBody } from './partner.dto';

@ApiTags('admin: card-key partners')
@Controller('admin/card-keys/partners')
@AdminOnly()
export class PartnersAdminController {
  constructor(private readonly partners: PartnerAccounts) {}

  @Post()
  @Transactional()
  create(@Body() body: CreatePartnerBody) {
    return this.partners.create(body.name, body.rateLimitPerMinute);
  }

  @Get()
  list() {
    return this.partners.list();
  }

  @Post(':partnerId/api-keys')
  @Transactional()
  @ApiOperation({ summary: 'Issues an API key, shown once' })
  issueKey(@Param() { partnerId }: PartnerIdParam) {
    return this.partners.issueApiKey(partnerId);
  }

  @Post(':partnerId/api-keys/:apiKeyId/revoke')
  @HttpCode(204)
  @Transactional()
  async revoke(@Param() { partnerId, apiKeyId }: PartnerKeyParams) {
    await this.partners.revokeApiKey(partnerId, apiKeyId);
  }

  @Put(':partnerId/scopes/:goodsId')
  @Transactional()
  scope(@Param() { partnerId, goodsId }: PartnerScopeParams, @Body() body: ScopeBody) {
    return this.partners.setScope(partnerId, goodsId, body.quota);
  }
}
