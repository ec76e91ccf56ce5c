import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import type { Response } from 'express';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { VaultAdmin } from '../vault/vault-admin';
import { GoodsSettings } from '../stock/goods-settings';
import { StockWatch } from '../stock/stock-watch';
import { ExportQuery, GoodsIdParam, KeyIdParam, KeyListQuery, ReasonBody, RevealBody, SettingsBody } from './card-keys.dto';

@ApiTags('admin: card keys')
@Controller('admin/card-keys')
@AdminOnly('operator')
export class CardKeysAdminController {
  constructor(
    private readonly vault: VaultAdmin,
    private readonly stock: StockWatch,
    private readonly settings: GoodsSettings,
  ) {}

  @Get('goods/:goodsId/keys')
  @ApiOperation({ summary: 'Keys of a goods item, masked' })
  list(@Param() { goodsId }: GoodsIdParam, @Query() query: KeyListQuery) {
    return this.vault.listMasked(goodsId, query);
  }

  @Get('goods/:goodsId/stock')
  async stockCounts(@Param() { goodsId }: GoodsIdParam) {
    return { goodsId, counts: await this.stock.countsByStatus(goodsId), settings: await this.settings.get(goodsId) };
  }

  @Put('goods/:goodsId/settings')
  @Transactional()
  setSettings(@Param() { goodsId }: GoodsIdParam, @Body() body: SettingsBody) {
    return this.vault.updateSettings({ goodsId, ...body });
  }

  @Post('goods/:goodsId/keys/reveal')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: 'Decrypts chosen keys (audited, with a reason)' })
  reveal(@Param() { goodsId }: GoodsIdParam, @Body() body: RevealBody) {
    return this.vault.reveal(goodsId, body.keyIds, body.reason);
  }

  @Get('goods/:goodsId/export')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Exports the keys of one status as text, one a line (audited, with a reason)' })
  async export(@Param() { goodsId }: GoodsIdParam, @Query() query: ExportQuery, @Res() res: Response) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="keys-${goodsId}-${query.status}.txt"`);
    res.setHeader('Cache-Control', 'no-store');
    for await (const lines of this.vault.export(goodsId, query.status, query.reason)) {
      if (!res.write(lines)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }

  @Post('keys/:keyId/void')
  @HttpCode(200)
  @Transactional()
  @ApiOperation({ summary: 'Withdraws an available key from sale (audited)' })
  voidKey(@Param() { keyId }: KeyIdParam, @Body() body: ReasonBody) {
    return this.vault.voidKey(keyId, body.reason);
  }
}
