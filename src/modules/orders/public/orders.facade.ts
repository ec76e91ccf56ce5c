import type { DeliveryNotice, OrderKey, OrderSummary } from './orders.contracts';

/**
 * The one synchronous entry point other modules may call on orders: support reads orders and acts
 * on them through it. Every method joins the caller's transaction; actions are audited with the
 * caller's actor and reason, through the same paths as the back office.
 */
export abstract class OrdersFacade {
  /** null when there is no such order. */
  abstract summaryByNo(orderNo: string): Promise<OrderSummary | null>;
  abstract summaryById(orderId: string): Promise<OrderSummary | null>;

  /**
   * The order of a buyer who proves it with its number, contact and query password (the same check,
   * answers and rate limit as the storefront lookup: 404 order_not_found, 429 too_many_lookups).
   */
  abstract verifyBuyer(input: { orderNo: string; contact: string; queryPassword: string; client: string }): Promise<OrderSummary>;

  /** A buyer's orders, newest first: by member, or by contact (case-insensitive) for guests. */
  abstract ordersOfBuyer(buyer: { memberId?: string; contact?: string }, limit: number): Promise<OrderSummary[]>;

  /** The order's delivered keys again (409 unless delivered); each decryption is audited. */
  abstract resendKeys(input: { orderId: string; reason: string }): Promise<OrderKey[]>;

  /** Marks a delivered key defective (never sold again) and delivers a fresh one in its place. */
  abstract replaceKey(input: { orderId: string; keyId: string; reason: string }): Promise<OrderKey>;

  /**
   * What to tell the buyer about the order; with `withKeys`, the delivered keys too (each
   * decryption is audited with `purpose`). null when there is no such order.
   */
  abstract deliveryNotice(input: { orderId: string; withKeys: boolean; purpose: string }): Promise<DeliveryNotice | null>;

  /** Refunds the order in full through payments (409 when it cannot be refunded). */
  abstract refund(input: { orderId: string; reason: string }): Promise<{ outcome: string; amountMinor: number }>;
}
