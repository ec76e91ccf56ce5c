import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { Clock } from '../../../platform/clock/clock';
import { EventOutbox } from '../../../platform/events';
import { CardKeysFacade, DuplicateExternalKeyError, InvalidExternalKeysError } from '../../card-keys';
import { GoodsFacade } from '../../goods';
import { dynamicDeliveryBody, SIGNATURE_HEADER, signatureHeader } from '../domain/dynamic-delivery-request';
import { MAX_ITEM_LENGTH, readMerchantAnswer } from '../domain/merchant-answer';
import { DynamicDeliveriesRepository, DynamicDeliveryRow } from '../persistence/dynamic-deliveries.repository';
import { ORDER_LINE, OrderRow } from '../persistence/order-row';
import { OrdersRepository } from '../persistence/orders.repository';
import { OrderDynamicDeliveryFailedV1 } from '../public/orders.events';
import { MerchantClient, MerchantUnreachableError } from './merchant-client';
import { OrderLifecycle } from './order-lifecycle';

/** One run of a delivery round's job: which try this is of how many. */
export interface DeliveryAttempt {
  orderId: string;
  round: number;
  /** Tries of this round finished before this one. */
  attemptsMade: number;
  maxAttempts: number;
}

export type AttemptOutcome = 'delivered' | 'failed' | 'skipped';

/** Thrown when a try failed and another is due: the queue retries it after its backoff. */
export class DynamicDeliveryRetryError extends Error {}

type CallResult = { ok: true; items: string[]; httpStatus: number } | { ok: false; error: string; httpStatus: number | null };

const MAX_ANSWER_BASE_BYTES = 16 * 1024;
/** JSON may escape a character into 6 bytes (\uXXXX), plus quotes and commas. */
const MAX_ANSWER_BYTES_PER_ITEM = MAX_ITEM_LENGTH * 6 + 8;
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * Gets a paid order of dynamic goods its items: POSTs the signed request to the goods' merchant
 * URL (outside any transaction: no connection waits on the merchant), judges the answer, and on
 * success stores the items in the card-key vault as the order's keys and delivers the order, in
 * one transaction with the order row locked. A run that finds the order delivered (or refunded, or
 * its round superseded by an admin's retry) does nothing, so the order is delivered exactly once
 * however many runs race. A failure is recorded on the delivery (the admin sees the last error)
 * and thrown for the queue to retry; after the round's last try the delivery is `failed` and
 * `orders.order.dynamic-delivery-failed` is published. The order stays `awaiting_dynamic_delivery`.
 */
@Injectable()
export class DynamicDelivery {
  private readonly logger = new Logger('OrdersDynamicDelivery');

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly orders: OrdersRepository,
    private readonly deliveries: DynamicDeliveriesRepository,
    private readonly lifecycle: OrderLifecycle,
    private readonly goods: GoodsFacade,
    private readonly cardKeys: CardKeysFacade,
    private readonly merchant: MerchantClient,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async attempt(job: DeliveryAttempt): Promise<AttemptOutcome> {
    const due = await this.dueDelivery(job);
    if (!due) return 'skipped';
    const { order, delivery } = due;
    const started = Date.now();
    let result = await this.callMerchant(order, delivery);
    if (result.ok) {
      try {
        const stored = await this.store(order.id, result.items, result.httpStatus, Date.now() - started, job.round);
        return stored ? 'delivered' : 'skipped';
      } catch (error) {
        // The vault refused the items (a key it already holds): the merchant must answer other ones.
        if (!(error instanceof DuplicateExternalKeyError || error instanceof InvalidExternalKeysError)) throw error;
        result = { ok: false, error: `the vault refused the items: ${error.message}`, httpStatus: result.httpStatus };
      }
    }
    const final = job.attemptsMade + 1 >= job.maxAttempts;
    await this.recordFailure(job, order, result.error, result.httpStatus, Date.now() - started, final);
    this.logger.warn(
      { orderId: order.id, orderNo: order.order_no, round: job.round, attempt: job.attemptsMade + 1, of: job.maxAttempts, error: result.error },
      final ? 'dynamic delivery failed; the order waits for an admin' : 'dynamic delivery attempt failed; retrying',
    );
    if (!final) throw new DynamicDeliveryRetryError(`dynamic delivery of order ${order.order_no} failed: ${result.error}`);
    return 'failed';
  }

  /** The order and its delivery when this run still has something to do. */
  private async dueDelivery(job: DeliveryAttempt): Promise<{ order: OrderRow; delivery: DynamicDeliveryRow } | null> {
    const order = await this.orders.byId(job.orderId);
    if (!order || order.status !== 'awaiting_dynamic_delivery') return null;
    const delivery = await this.deliveries.byOrder(job.orderId);
    if (!delivery || delivery.round !== job.round || delivery.status !== 'pending') return null;
    return { order, delivery };
  }

  private async callMerchant(order: OrderRow, delivery: DynamicDeliveryRow): Promise<CallResult> {
    const secret = this.config.DYNAMIC_DELIVERY_SECRET;
    if (!secret) return { ok: false, error: 'DYNAMIC_DELIVERY_SECRET is not set: the shop cannot sign its call', httpStatus: null };
    const endpoint = await this.goods.dynamicDeliveryOf(order.goods_id);
    if (!endpoint) return { ok: false, error: `goods ${order.goods_id} is no longer delivered dynamically (no merchant URL)`, httpStatus: null };

    const body = dynamicDeliveryBody({ orderNo: order.order_no, goodsId: order.goods_id, quantity: order.quantity, requestId: delivery.request_id });
    const unix = Math.floor(this.clock.now().getTime() / 1000);
    try {
      const reply = await this.merchant.post({
        url: endpoint.url,
        body,
        headers: { [SIGNATURE_HEADER]: signatureHeader(secret, unix, body), 'Idempotency-Key': delivery.request_id, 'User-Agent': 'CardShop-DynamicDelivery/1' },
        timeoutMs: endpoint.timeoutMs,
        maxBytes: Math.min(MAX_ANSWER_BYTES, MAX_ANSWER_BASE_BYTES + order.quantity * MAX_ANSWER_BYTES_PER_ITEM),
      });
      const answer = readMerchantAnswer(reply.status, reply.body, order.quantity);
      return answer.ok ? { ok: true, items: answer.items, httpStatus: reply.status } : { ok: false, error: answer.error, httpStatus: reply.status };
    } catch (error) {
      if (!(error instanceof MerchantUnreachableError)) throw error;
      return { ok: false, error: error.message, httpStatus: null };
    }
  }

  /** Stores the items as the order's keys and delivers it; false when another run got there first. */
  private store(orderId: string, items: string[], httpStatus: number, durationMs: number, round: number): Promise<boolean> {
    return this.txHost.withTransaction(async () => {
      const order = await this.orders.byId(orderId, true);
      if (!order || order.status !== 'awaiting_dynamic_delivery') return false;
      const now = this.clock.now();
      await this.cardKeys.deliverExternal({ orderId, lineId: ORDER_LINE, goodsId: order.goods_id, secrets: items, source: 'dynamic' });
      const delivery = await this.deliveries.markDelivered(orderId, now);
      await this.deliveries.logAttempt({
        orderId,
        round,
        attempt: delivery.attempts,
        at: now,
        outcome: 'delivered',
        httpStatus,
        durationMs,
        error: null,
      });
      await this.lifecycle.apply(order, 'deliver', { reason: 'the merchant answered the items', patch: { delivered_at: now } });
      return true;
    });
  }

  private async recordFailure(job: DeliveryAttempt, order: OrderRow, error: string, httpStatus: number | null, durationMs: number, final: boolean): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const current = await this.deliveries.byOrder(order.id, true);
      // Delivered, refunded or retried by an admin meanwhile: this try no longer counts.
      if (!current || current.round !== job.round || current.status !== 'pending') return;
      const now = this.clock.now();
      const delivery = await this.deliveries.recordFailure(order.id, { error, at: now, final });
      await this.deliveries.logAttempt({ orderId: order.id, round: job.round, attempt: delivery.attempts, at: now, outcome: 'failed', httpStatus, durationMs, error });
      if (final) {
        await this.outbox.publish(
          new OrderDynamicDeliveryFailedV1(order.id, order.order_no, order.goods_id, order.quantity, order.member_id, delivery.attempts, error, now.toISOString()),
        );
      }
    });
  }
}
