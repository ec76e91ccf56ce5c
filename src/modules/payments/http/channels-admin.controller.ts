import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { Idempotent } from '../../../platform/http/idempotency';
import { ChannelHealth } from '../channels/channel-health';
import { ChannelsAdmin } from '../channels/channels-admin';
import { ChannelCodeParam, CreateChannelBody, UpdateChannelBody } from './channels.dto';

@ApiTags('admin: payment channels')
@Controller('admin/payments/channels')
@AdminOnly('finance')
export class ChannelsAdminController {
  constructor(
    private readonly channels: ChannelsAdmin,
    private readonly health: ChannelHealth,
  ) {}

  @Post()
  @Idempotent()
  @Transactional()
  @ApiOperation({ summary: 'Creates a channel; its credentials are sealed and never shown again' })
  create(@Body() body: CreateChannelBody) {
    return this.channels.create(body);
  }

  @Get()
  list() {
    return this.channels.list();
  }

  @Get('health')
  @ApiOperation({ summary: "Every channel's success rate, create latency (p50/p95) and breaker state" })
  healthOfAll() {
    return this.health.all();
  }

  @Get(':code')
  get(@Param() { code }: ChannelCodeParam) {
    return this.channels.get(code);
  }

  @Get(':code/health')
  async healthOf(@Param() { code }: ChannelCodeParam) {
    const [health] = await this.health.of([await this.channels.mustFind(code)]);
    return health;
  }

  @Post(':code/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Tests the channel: a harmless authenticated call to the provider (no payment is made); audited',
    description: 'Answers 200 with ok true/false and what happened, so a wrong key or an unreachable provider shows at once',
  })
  test(@Param() { code }: ChannelCodeParam) {
    return this.channels.test(code);
  }

  @Patch(':code')
  @Transactional()
  @ApiOperation({ summary: 'Enable/disable, priority, limits, fee, settings (merged), credentials (replaced)' })
  update(@Param() { code }: ChannelCodeParam, @Body() body: UpdateChannelBody) {
    if (Object.values(body).every((value) => value === undefined)) throw new ValidationError('Nothing to change: name at least one field');
    return this.channels.update(code, body);
  }
}
