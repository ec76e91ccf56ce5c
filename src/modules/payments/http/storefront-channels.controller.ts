import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StorefrontChannels } from '../channels/storefront-channels';
import { StorefrontChannelsQuery } from './channels.dto';

@ApiTags('storefront: payment channels')
@Controller('api/payments/channels')
export class StorefrontChannelsController {
  constructor(private readonly channels: StorefrontChannels) {}

  @Get()
  @ApiOperation({ summary: 'The enabled channels a buyer may choose at checkout (names and limits only)' })
  list(@Query() query: StorefrontChannelsQuery) {
    return this.channels.list(query);
  }
}
