import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentMember, MemberOptional } from '../../../platform/auth/member-auth.guard';
import { Idempotent } from '../../../platform/http/idempotency';
import { OrderLookup } from '../application/order-lookup';
import { OrderQuote } from '../application/order-quote';
import { PlaceOrder } from '../application/place-order';
import { OrderLookupBody, OrderNoParam, OrderQuoteBody, PlaceOrderBody } from './orders.dto';

@ApiTags('storefront: orders')
@Controller('api/orders')
export class StorefrontOrdersController {
  constructor(
    private readonly placeOrder: PlaceOrder,
    private readonly lookup: OrderLookup,
    private readonly quote: OrderQuote,
  ) {}

  @Post('quote')
  @HttpCode(200)
  @ApiOperation({ summary: 'What the buyer would pay now: price, promotions and coupon applied (nothing is held)' })
  @MemberOptional()
  quotePrice(@Body() body: OrderQuoteBody, @CurrentMember() memberId: string | null) {
    return this.quote.run({ ...body, contact: body.contact?.trim(), memberId: memberId ?? undefined });
  }

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Places an order: holds its keys for the payment window and opens a payment' })
  @MemberOptional()
  place(@Body() body: PlaceOrderBody, @Req() req: Request, @CurrentMember() memberId: string | null) {
    return this.placeOrder.run({
      memberId: memberId ?? undefined,
      goodsId: body.goodsId,
      quantity: body.quantity,
      contact: body.contact.trim(),
      queryPassword: body.queryPassword,
      couponCode: body.couponCode,
      visitorId: body.visitorId,
      buyerAnswers: body.buyerAnswers,
      language: body.language ?? languageOf(req.header('accept-language')),
      channel: body.channel,
      // The return URL is left to payments, which builds it on PUBLIC_BASE_URL: never on the
      // request's Host header, which the client controls.
      clientIp: req.ip,
    });
  }

  /**
   * The buyer's view of an order. The contact and password travel in the body (not the URL, which
   * proxies and logs keep); the order number alone reveals nothing.
   */
  @Post(':orderNo/lookup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Shows an order, with its keys once delivered, to whoever knows its contact and password' })
  find(@Param() { orderNo }: OrderNoParam, @Body() body: OrderLookupBody, @Req() req: Request) {
    return this.lookup.find({ orderNo, contact: body.contact, password: body.queryPassword, client: req.ip ?? 'unknown' });
  }
}

/** 'zh' or 'en' from the browser's first choice of the two, if it names one. */
export function languageOf(acceptLanguage: string | undefined): 'zh' | 'en' | undefined {
  const first = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase())
    .find((tag) => tag === 'zh' || tag === 'en');
  return first as 'zh' | 'en' | undefined;
}
