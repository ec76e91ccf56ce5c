import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { PageQuery } from '../../../platform/http/pagination';
import { RatesAdmin } from '../application/rates-admin';
import { GoodsIdParam, GoodsRatesBody, ReferralSettingsBody } from './referrals.dto';

/** Commission rates move money: finance changes them; marketing may read them. */
@ApiTags('admin: referrals')
@Controller('admin/referrals')
@AdminOnly('finance')
export class RatesAdminController {
  constructor(private readonly rates: RatesAdmin) {}

  @Get('settings')
  @AdminOnly('finance', 'marketing')
  settings() {
    return this.rates.settings();
  }

  @Put('settings')
  @Transactional()
  @ApiOperation({ summary: 'Levels that earn (1..3, never more: China\'s rules) and the default rate of each, in basis points' })
  saveSettings(@Body() body: ReferralSettingsBody) {
    return this.rates.saveSettings(body.levels, body.rateBpsByLevel);
  }

  @Get('goods-rates')
  @AdminOnly('finance', 'marketing')
  goodsRates(@Query() q: PageQuery) {
    return this.rates.listGoodsRates(q.limit, q.offset);
  }

  @Put('goods-rates/:goodsId')
  @Transactional()
  @ApiOperation({ summary: 'A goods item\'s own rates per level, replacing the default for its sales' })
  saveGoodsRates(@Param() { goodsId }: GoodsIdParam, @Body() body: GoodsRatesBody) {
    return this.rates.saveGoodsRates(goodsId, body.rateBpsByLevel);
  }

  @Delete('goods-rates/:goodsId')
  @HttpCode(204)
  @Transactional()
  async deleteGoodsRates(@Param() { goodsId }: GoodsIdParam): Promise<void> {
    await this.rates.deleteGoodsRates(goodsId);
  }
}
