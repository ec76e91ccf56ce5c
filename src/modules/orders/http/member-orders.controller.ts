import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentMember, MemberOnly } from '../../../platform/auth/member-auth.guard';
import { PageQuery } from '../../../platform/http/pagination';
import { MemberOrders } from '../application/member-orders';
import { ClaimOrderBody, OrderNoParam } from './orders.dto';

@ApiTags('storefront: my orders')
@Controller('api/me/orders')
@MemberOnly()
export class MemberOrdersController {
  constructor(private readonly orders: MemberOrders) {}

  @Get()
  @ApiOperation({ summary: "The signed-in member's orders, newest first" })
  list(@CurrentMember() memberId: string, @Query() q: PageQuery) {
    return this.orders.list(memberId, q.limit, q.offset);
  }

  @Get(':orderNo')
  @ApiOperation({ summary: 'One of my orders, with its keys once delivered' })
  get(@CurrentMember() memberId: string, @Param() { orderNo }: OrderNoParam) {
    return this.orders.get(memberId, orderNo);
  }

  @Post('claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Adds a guest order to my account: prove it with its number, contact and query password' })
  claim(@CurrentMember() memberId: string, @Body() body: ClaimOrderBody, @Req() req: Request) {
    return this.orders.claim(memberId, { orderNo: body.orderNo, contact: body.contact, password: body.queryPassword, client: req.ip ?? 'unknown' });
  }
}
