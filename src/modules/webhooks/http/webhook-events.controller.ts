import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { EVENT_CATALOGUE, KEY_BEARING_EVENT } from '../domain/event-catalogue';

@ApiTags('admin: webhooks')
@Controller('admin/webhooks/events')
@AdminOnly('operator')
export class WebhookEventsController {
  @Get()
  @ApiOperation({ summary: 'The event types an endpoint may subscribe to' })
  list() {
    return { items: EVENT_CATALOGUE.map((e) => ({ ...e, mayCarryKeys: e.type === KEY_BEARING_EVENT })) };
  }
}
