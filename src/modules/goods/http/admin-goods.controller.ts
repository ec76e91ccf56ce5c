import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { Idempotent } from '../../../platform/http/idempotency';
import { PageQuery } from '../../../platform/http/pagination';
import { GoodsAdminService } from '../application/goods-admin.service';
import { ArchiveQuery, RestoreDto, SaleStatusDto } from './goods-actions.dto';
import { AdminGoodsQuery } from './goods-queries.dto';
import { CreateGoodsDto, UpdateGoodsDto } from './goods.dto';
import { IdParam } from './request-fields';

@ApiTags('admin: goods')
@Controller('admin/goods')
@AdminOnly('operator')
export class AdminGoodsController {
  constructor(private readonly goods: GoodsAdminService) {}

  @Post()
  @Idempotent()
  create(@Body() body: CreateGoodsDto) {
    return this.goods.create(body);
  }

  @Get()
  list(@Query() query: AdminGoodsQuery) {
    return this.goods.list(query);
  }

  @Get(':id')
  get(@Param() { id }: IdParam) {
    return this.goods.get(id);
  }

  /** Every change, newest first: who, when, and `{ field: { from, to } }`. */
  @Get(':id/history')
  history(@Param() { id }: IdParam, @Query() page: PageQuery) {
    return this.goods.historyOf(id, page);
  }

  @Patch(':id')
  update(@Param() { id }: IdParam, @Body() body: UpdateGoodsDto) {
    const { expectedVersion, reason, ...patch } = body;
    return this.goods.update(id, expectedVersion, patch, reason);
  }

  @Put(':id/sale-status')
  setSaleStatus(@Param() { id }: IdParam, @Body() body: SaleStatusDto) {
    return this.goods.setSaleStatus(id, body.expectedVersion, body.onSale, body.reason);
  }

  /** Archives (never deletes): the goods item leaves the storefront and sale; orders keep referring to it. */
  @Delete(':id')
  archive(@Param() { id }: IdParam, @Query() query: ArchiveQuery) {
    return this.goods.archive(id, query.expectedVersion);
  }

  @Post(':id/restore')
  @HttpCode(200)
  restore(@Param() { id }: IdParam, @Body() body: RestoreDto) {
    return this.goods.restore(id, body.expectedVersion, body.reason);
  }
}
