import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { EndpointsAdmin } from '../application/endpoints-admin';
import { CreateEndpointBody, EndpointListQuery, IdParam, RotateSecretBody, UpdateEndpointBody } from './webhooks.dto';

/**
 * Not @Idempotent on purpose: an idempotency record stores the first answer to replay it, and
 * the answers to create and rotate-secret hold the signing secret, which is never stored in clear.
 */
@ApiTags('admin: webhooks')
@Controller('admin/webhooks/endpoints')
@AdminOnly('operator')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: EndpointsAdmin) {}

  @Post()
  @ApiOperation({ summary: 'Registers an endpoint; the answer shows its signing secret (whsec_...) once' })
  create(@Body() body: CreateEndpointBody) {
    return this.endpoints.create(body);
  }

  @Get()
  list(@Query() q: EndpointListQuery) {
    return this.endpoints.list({ active: q.active === undefined ? undefined : q.active === 'true' }, q.limit, q.offset);
  }

  @Get(':id')
  get(@Param() { id }: IdParam) {
    return this.endpoints.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Changes the URL, events, includeKeys, description or active' })
  update(@Param() { id }: IdParam, @Body() body: UpdateEndpointBody) {
    if (Object.values(body).every((v) => v === undefined)) throw new ValidationError('Nothing to change: name at least one field');
    return this.endpoints.update(id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replaces the signing secret; the answer shows the new one once' })
  rotateSecret(@Param() { id }: IdParam, @Body() body: RotateSecretBody) {
    return this.endpoints.rotateSecret(id, body.previousSecretValidMinutes);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes the endpoint: nothing more is sent; its deliveries stay readable' })
  async delete(@Param() { id }: IdParam): Promise<void> {
    await this.endpoints.delete(id);
  }
}
