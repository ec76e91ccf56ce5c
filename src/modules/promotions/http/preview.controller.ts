import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { PromotionPreview } from '../application/promotion-preview';
import { PreviewBody } from './promotions.dto';

@ApiTags('admin: promotions')
@Controller('admin/promotions/preview')
@AdminOnly('marketing')
export class PreviewController {
  constructor(private readonly preview: PromotionPreview) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Prices a sample cart with the live activities and/or unsaved drafts; shows every adjustment and why rules were skipped' })
  run(@Body() body: PreviewBody) {
    return this.preview.run(body);
  }
}
