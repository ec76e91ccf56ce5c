import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { DeliveriesAdmin } from '../application/deliveries-admin';
import { DeliveryListQuery, IdParam, ResendDeliveryBody } from './webhooks.dto';

@ApiTags('admin: webhooks')
@Controller('admin/webhooks/deliveries')
@AdminOnly('operator')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: DeliveriesAdmin) {}

  @Get()
  list(@Query() q: DeliveryListQuery) {
    return this.deliveries.list({ endpointId: q.endpointId, status: q.status, eventType: q.eventType }, q.limit, q.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A delivery with its data and every attempt (status code, duration, error)' })
  get(@Param() { id }: IdParam) {
    return this.deliveries.get(id);
  }

  @Post(':id/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Sends a finished delivery again as a new series of attempts (audited)' })
  resend(@Param() { id }: IdParam, @Body() body: ResendDeliveryBody) {
    return this.deliveries.resend(id, body.reason);
  }
}
