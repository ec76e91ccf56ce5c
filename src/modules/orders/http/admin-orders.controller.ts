import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Transactional } from '@nestjs-cls/transactional';
import { AdminOnly } from '../../../platform/auth/admin-auth.guard';
import { Idempotent } from '../../../platform/http/idempotency';
import { DynamicDeliveryAdmin } from '../application/dynamic-delivery-admin';
import { OrderAdmin } from '../application/order-admin';
import { ConfirmPaymentBody, FulfilOrderBody, OrderIdParam, OrderListQuery, ReasonBody, ReplaceKeyBody } from './orders.dto';

@ApiTags('admin: orders')
@Controller('admin/orders')
@AdminOnly('operator', 'support', 'finance')
export class AdminOrdersController {
  constructor(
    private readonly admin: OrderAdmin,
    private readonly dynamicDelivery: DynamicDeliveryAdmin,
  ) {}

  @Get()
  list(@Query() q: OrderListQuery) {
    return this.admin.list({ ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
  }

  @Get(':orderId')
  detail(@Param() { orderId }: OrderIdParam) {
    return this.admin.detail(orderId);
  }

  @Post(':orderId/confirm-payment')
  @HttpCode(200)
  @AdminOnly('finance')
  @Transactional()
  confirm(@Param() { orderId }: OrderIdParam, @Body() body: ConfirmPaymentBody) {
    return this.admin.confirmPayment(orderId, body.providerTxnId, body.reason);
  }

  @Post(':orderId/resend')
  @HttpCode(200)
  @AdminOnly('operator', 'support')
  @Transactional()
  resend(@Param() { orderId }: OrderIdParam, @Body() body: ReasonBody) {
    return this.admin.resendKeys(orderId, body.reason);
  }

  @Post(':orderId/replace-key')
  @HttpCode(200)
  @AdminOnly('operator', 'support')
  @Transactional()
  replaceKey(@Param() { orderId }: OrderIdParam, @Body() body: ReplaceKeyBody) {
    return this.admin.replaceKey(orderId, body.keyId, body.reason);
  }

  /** Manual goods: the merchant delivered by hand; the paid order becomes delivered, with a note for the buyer. */
  @Post(':orderId/fulfil')
  @HttpCode(200)
  @AdminOnly('operator')
  @Idempotent()
  @Transactional()
  fulfil(@Param() { orderId }: OrderIdParam, @Body() body: FulfilOrderBody) {
    return this.admin.fulfil(orderId, body.reason, body.note?.trim() || null);
  }

  /**
   * Dynamic goods: asks the merchant's URL again (a new round of tries, same request id) for an
   * order left awaiting_dynamic_delivery; 202, the calls run in the background.
   */
  @Post(':orderId/retry-delivery')
  @HttpCode(202)
  @AdminOnly('operator')
  retryDelivery(@Param() { orderId }: OrderIdParam, @Body() body: ReasonBody) {
    return this.dynamicDelivery.retry(orderId, body.reason);
  }

  @Post(':orderId/refund')
  @HttpCode(200)
  @AdminOnly('finance')
  @Transactional()
  refund(@Param() { orderId }: OrderIdParam, @Body() body: ReasonBody) {
    return this.admin.refund(orderId, body.reason);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @AdminOnly('operator', 'support')
  @Transactional()
  cancel(@Param() { orderId }: OrderIdParam, @Body() body: ReasonBody) {
    return this.admin.cancel(orderId, body.reason);
  }
}
