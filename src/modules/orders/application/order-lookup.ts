import { HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import { AppError, NotFoundError } from '../../../platform/http/app-error';
import { RateCounters } from '../../../platform/counters/rate-counters';
import { CardKeysFacade } from '../../card-keys';
import { keysInVault } from '../domain/delivery-type';
import { verifyQueryPassword } from '../domain/query-password';
import { OrderRow } from '../persistence/order-row';
import { OrdersRepository } from '../persistence/orders.repository';
import { buyerView, BuyerOrderView } from './order-views';

const WINDOW_SECONDS = 15 * 60;
const CLIENT_FACTOR = 4;
// Checked against when the order number is unknown, so a miss costs the same time as a hit.
const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * A buyer looks an order up with its number, contact and query password. Wrong answers all read
 * the same ("no such order") whatever was wrong, and they are counted per order and per client
 * (in Redis, so on every API node alike): past the limit the lookup answers 429 for a while.
 */
@Injectable()
export class OrderLookup {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly cardKeys: CardKeysFacade,
    private readonly config: AppConfig,
    private readonly counters: RateCounters,
  ) {}

  async find(input: { orderNo: string; contact: string; password: string; client: string }): Promise<BuyerOrderView> {
    const order = await this.verify(input);
    const delivered = order.status === 'delivered' || order.status === 'refunded';
    const keysOf = delivered && keysInVault(order.delivery_type)
      ? await this.cardKeys.deliveredKeys({ orderId: order.id, reason: 'buyer viewed the order' })
      : [];
    return buyerView(order, keysOf);
  }

  /** The order, if the number, contact and password match; counted and answered like `find`. */
  async verify(input: { orderNo: string; contact: string; password: string; client: string }): Promise<OrderRow> {
    const keys = [this.counterKey('order', input.orderNo), this.counterKey('client', input.client)];
    const [perOrder, perClient] = await this.counters.read(keys);
    const limit = this.config.ORDER_LOOKUP_MAX_FAILURES;
    // One client may mistype a few orders' details; guessing at one order is stopped sooner.
    if (perOrder >= limit || perClient >= limit * CLIENT_FACTOR) {
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_lookups', 'Too many wrong attempts; try again in 15 minutes');
    }
    const order = await this.orders.byOrderNo(input.orderNo);
    const passwordOk = await verifyQueryPassword(input.password, order?.query_password_hash ?? DECOY_HASH);
    if (!order || !passwordOk || !sameContact(order, input.contact)) {
      await this.counters.hit(keys, WINDOW_SECONDS);
      throw new NotFoundError('No order matches this number, contact and password', 'order_not_found');
    }
    return order;
  }

  private counterKey(kind: string, id: string): string {
    return `${this.config.QUEUE_PREFIX}:order-lookup:${kind}:${id}`;
  }
}

function sameContact(order: OrderRow, contact: string): boolean {
  return order.contact.trim().toLowerCase() === contact.trim().toLowerCase();
}
