import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { RanksAdmin } from '../application/ranks-admin';
import { IdParam, RankBody, RankPatchBody } from './referrals.dto';

/** Ranks carry commission rates, so finance manages them; marketing may read them. */
@ApiTags('admin: referrals')
@Controller('admin/referrals/ranks')
@AdminOnly('finance')
export class RanksAdminController {
  constructor(private readonly ranks: RanksAdmin) {}

  @Get()
  @AdminOnly('finance', 'marketing')
  list() {
    return this.ranks.list();
  }

  @Post()
  @Transactional()
  @ApiOperation({ summary: 'Creates a rank; every member is re-ranked at once' })
  create(@Body() body: RankBody) {
    return this.ranks.create(body);
  }

  @Patch(':id')
  @Transactional()
  update(@Param() { id }: IdParam, @Body() body: RankPatchBody) {
    if (Object.values(body).every((v) => v === undefined)) throw new ValidationError('Nothing to change: name at least one field');
    return this.ranks.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Transactional()
  async remove(@Param() { id }: IdParam): Promise<void> {
    await this.ranks.delete(id);
  }
}
