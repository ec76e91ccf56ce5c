import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../platform/config/app-config';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { ValidationError } from '../../../platform/http/app-error';
import { CardKeysFacade } from '../../card-keys';
import { GoodsFacade, GoodsQuote } from '../../goods';
import { OpenedPayment, PaymentsFacade } from '../../payments';
import type { MemberPricing } from '../../membership';
import type { QuoteContext } from '../../promotions';
import { checkBuyerAnswers } from '../domain/buyer-answers';
import { newOrderNumber } from '../domain/order-number';
import { hashQueryPassword } from '../domain/query-password';
import { ORDER_LINE } from '../persistence/order-row';
import { OrdersRepository } from '../persistence/orders.repository';
import { OrderPlacedV1 } from '../public/orders.events';
import { MemberPricer } from './member-pricer';
import { GuardedQuote, PromotionQuoter } from './promotion-quoter';

export interface PlaceOrderInput {
  goodsId: string;
  quantity: number;
  contact: string;
  queryPassword: string;
  couponCode?: string;
  channel?: string;
  memberId?: string;
  /** The browser's (or member's) stable id, for A/B experiments. */
  visitorId?: string;
  /** The language of the e-mails about this order; absent: the shop's. */
  language?: 'zh' | 'en';
  clientIp?: string;
  returnUrl?: string;
  /** Answers to the goods item's buyer fields, by key. Buyer data: never logged. */
  buyerAnswers?: Record<string, string>;
}

type DraftOrder = Omit<PlacedOrder, 'payment'> & { deliveryType: string; placedAt: string };

export interface PlacedOrder {
  orderId: string;
  orderNo: string;
  status: 'pending_payment';
  goodsId: string;
  goodsTitle: string;
  quantity: number;
  unitPriceMinor: number;
  subtotalMinor: number;
  adjustmentMinor: number;
  totalMinor: number;
  currency: string;
  adjustments: unknown[];
  promotionNote: string | null;
  expiresAt: string;
  payment: { paymentId: string; channel: string; payUrl: string | null; qrContent: string | null };
}

/**
 * Checkout as steps, each with its undo:
 * 1. price the goods (a read);
 * 2. promotions quotes and holds the coupon use and flash-sale units for the order id, in its own
 *    transaction, behind a timeout (when it fails, the order goes on at list price and says so);
 *    undo: release the hold;
 * 3. one transaction: write the order and hold its card keys for the payment window (out of stock:
 *    409, rolled back); undo: give the keys back and remove the order;
 * 4. open the payment, outside any transaction, so no database connection waits on a provider;
 * 5. one transaction: record the payment and publish OrderPlacedV1.
 * A step that fails undoes the ones before it, so a refused order leaves nothing behind.
 */
@Injectable()
export class PlaceOrder {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly goods: GoodsFacade,
    private readonly cardKeys: CardKeysFacade,
    private readonly payments: PaymentsFacade,
    private readonly promotions: PromotionQuoter,
    private readonly members: MemberPricer,
    private readonly orders: OrdersRepository,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async run(input: PlaceOrderInput): Promise<PlacedOrder> {
    // Hashing is deliberately slow: do it before any connection is taken.
    const passwordHash = await hashQueryPassword(input.queryPassword);
    const goods = await this.goods.quote(input.goodsId, input.quantity);
    const buyerAnswers = answersFor(goods, input.buyerAnswers);
    const orderId = randomUUID();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.ORDER_PAYMENT_WINDOW_MINUTES * 60_000);
    const member = await this.members.pricingOf(input.memberId);
    const held = await this.promotions.hold({ ...promotionContext(input, goods, now, member.pricing), orderId, expiresAt });
    const promo = { ...held, note: joinNotes(held.note, member.note) };
    let draft: DraftOrder;
    try {
      draft = await this.txHost.withTransaction(() => this.writeOrder({ input, passwordHash, goods, buyerAnswers, promo, orderId, now, expiresAt }));
    } catch (error) {
      await this.promotions.release(orderId);
      throw error;
    }
    let payment: OpenedPayment;
    try {
      payment = await this.payments.openPayment({
        orderId: draft.orderId,
        orderNo: draft.orderNo,
        amountMinor: draft.totalMinor,
        currency: draft.currency,
        subject: `${draft.goodsTitle} × ${draft.quantity}`,
        preferredChannel: input.channel,
        expiresAt: new Date(draft.expiresAt),
        returnUrl: input.returnUrl,
        clientIp: input.clientIp,
      });
    } catch (error) {
      await this.txHost.withTransaction(() => this.undoOrder(draft.orderId, draft.deliveryType));
      await this.promotions.release(draft.orderId);
      throw error;
    }
    await this.txHost.withTransaction(async () => {
      await this.orders.update(draft.orderId, {
        payment_id: payment.paymentId,
        payment_channel: payment.channel,
        pay_url: payment.payUrl,
        qr_content: payment.qrContent,
      });
      await this.outbox.publish(
        new OrderPlacedV1(draft.orderId, draft.orderNo, draft.goodsId, draft.quantity, input.memberId ?? null, draft.totalMinor, draft.currency, draft.placedAt),
      );
    });
    const { deliveryType: _deliveryType, placedAt: _placedAt, ...placed } = draft;
    return { ...placed, payment: { paymentId: payment.paymentId, channel: payment.channel, payUrl: payment.payUrl, qrContent: payment.qrContent } };
  }

  private async undoOrder(orderId: string, deliveryType: string): Promise<void> {
    if (deliveryType === 'auto') await this.cardKeys.release({ orderId, lineId: ORDER_LINE });
    await this.orders.remove(orderId);
  }

  private async writeOrder(step: {
    input: PlaceOrderInput;
    passwordHash: string;
    goods: GoodsQuote;
    buyerAnswers: Record<string, string>;
    promo: GuardedQuote;
    orderId: string;
    now: Date;
    expiresAt: Date;
  }): Promise<DraftOrder> {
    const { input, passwordHash, goods: quote, buyerAnswers, promo, orderId, now, expiresAt } = step;
    const adjustment = Math.max(promo.totalAdjustmentMinor, -quote.lineTotalMinor);
    const total = quote.lineTotalMinor + adjustment;
    const orderNo = newOrderNumber(now);

    await this.orders.insert({
      id: orderId,
      order_no: orderNo,
      status: 'pending_payment',
      goods_id: quote.goodsId,
      goods_title: quote.title,
      goods_version: quote.version,
      delivery_type: quote.deliveryType,
      quantity: quote.quantity,
      unit_price_minor: quote.unitPriceMinor,
      subtotal_minor: quote.lineTotalMinor,
      adjustment_minor: adjustment,
      total_minor: total,
      currency: quote.currency,
      adjustments: promo.adjustments,
      promotion_note: promo.note,
      contact: input.contact,
      query_password_hash: passwordHash,
      member_id: input.memberId ?? null,
      buyer_inputs: buyerAnswers,
      buyer_language: input.language ?? null,
      created_at: now,
      expires_at: expiresAt,
      updated_at: now,
    });
    await this.orders.recordTransition({ orderId, from: null, to: 'pending_payment', action: 'place', actor: 'buyer', at: now });

    if (quote.deliveryType === 'auto') {
      await this.cardKeys.reserve({ orderId, lineId: ORDER_LINE, goodsId: quote.goodsId, quantity: quote.quantity, expiresAt });
    }
    return {
      orderId,
      orderNo,
      status: 'pending_payment',
      goodsId: quote.goodsId,
      goodsTitle: quote.title,
      quantity: quote.quantity,
      unitPriceMinor: quote.unitPriceMinor,
      subtotalMinor: quote.lineTotalMinor,
      adjustmentMinor: adjustment,
      totalMinor: total,
      currency: quote.currency,
      adjustments: promo.adjustments,
      promotionNote: promo.note,
      expiresAt: expiresAt.toISOString(),
      deliveryType: quote.deliveryType,
      placedAt: now.toISOString(),
    };
  }
}

/**
 * The buyer's answers, checked against the goods item's fields before anything is held: a refusal
 * names the fields (never the answers, which are buyer data) and leaves nothing behind.
 */
function answersFor(goods: GoodsQuote, given: Record<string, string> | undefined): Record<string, string> {
  const checked = checkBuyerAnswers(goods.buyerFields, given);
  if (checked.ok) return checked.answers;
  const details = checked.problems.map((p) => ({ field: p.field === 'buyerAnswers' ? p.field : `buyerAnswers.${p.field}`, problems: [p.message] }));
  throw new ValidationError(`Invalid request: ${details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ')}`, details);
}

/** What promotions needs to know of this checkout. */
export function promotionContext(
  input: Partial<Pick<PlaceOrderInput, 'couponCode' | 'memberId' | 'contact' | 'visitorId'>>,
  goods: GoodsQuote,
  at: Date,
  member: MemberPricing | null,
): QuoteContext {
  return {
    currency: goods.currency,
    lines: [
      {
        lineId: ORDER_LINE,
        goodsId: goods.goodsId,
        categoryId: goods.categoryId,
        quantity: goods.quantity,
        unitPriceMinor: goods.unitPriceMinor,
        lineTotalMinor: goods.lineTotalMinor,
      },
    ],
    couponCode: input.couponCode,
    memberId: input.memberId,
    memberLevelId: member?.levelId ?? undefined,
    memberDiscountPercent: member?.discountPercent ?? undefined,
    contact: input.contact,
    visitorId: input.visitorId,
    at,
  };
}

/** What the order says about promotions or membership that could not be asked. */
export function joinNotes(...notes: Array<string | null>): string | null {
  const given = notes.filter((n): n is string => n !== null);
  return given.length > 0 ? given.join('; ') : null;
}
