import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { Matches } from 'class-validator';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { ValidationError } from '../../../platform/http/app-error';
import { Idempotent } from '../../../platform/http/idempotency';
import { CouponsAdmin } from '../application/coupons-admin';
import { COUPON_CODE, CouponListQuery, CreateCouponBody, GenerateCouponsBody, UpdateCouponBody } from './promotions.dto';

class CouponCodeParam {
  @Matches(COUPON_CODE, { message: 'code must be a coupon code' })
  code: string;
}

@ApiTags('admin: promotions')
@Controller('admin/promotions/coupons')
@AdminOnly('marketing')
export class CouponsAdminController {
  constructor(private readonly coupons: CouponsAdmin) {}

  @Post()
  @Idempotent()
  @Transactional()
  @ApiOperation({ summary: 'Creates a coupon with a chosen code' })
  create(@Body() body: CreateCouponBody) {
    return this.coupons.create(body);
  }

  @Post('generate')
  @Idempotent()
  @Transactional()
  @ApiOperation({ summary: 'Generates up to 10,000 random codes with one configuration; returns the batch id and the codes' })
  generate(@Body() body: GenerateCouponsBody) {
    return this.coupons.generate(body);
  }

  @Get()
  @ApiOperation({ summary: 'Coupons with their uses (held + consumed) and what is left; ?batchId= lists a generated batch' })
  list(@Query() q: CouponListQuery) {
    return this.coupons.list({ batchId: q.batchId, code: q.code }, q.limit, q.offset);
  }

  @Get(':code')
  get(@Param() { code }: CouponCodeParam) {
    return this.coupons.get(code);
  }

  @Patch(':code')
  @Transactional()
  @ApiOperation({ summary: 'Name, active, end, limits (the rule and scope of a coupon in use stay as they were)' })
  update(@Param() { code }: CouponCodeParam, @Body() body: UpdateCouponBody) {
    if (Object.values(body).every((v) => v === undefined)) throw new ValidationError('Nothing to change: name at least one field');
    return this.coupons.update(code, body);
  }
}
