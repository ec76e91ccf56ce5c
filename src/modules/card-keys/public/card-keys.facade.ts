import type { DeliveredKey, ExternalDelivery, ExternalKeySource, KeyReservation, StockLevel } from './card-keys.contracts';

/**
 * The card-key vault as other modules see it. Allocation never hands one key to two orders;
 * delivery is exactly once per order line; every decrypt is audited.
 */
export abstract class CardKeysFacade {
  /** Available stock per goods item; goods with no keys at all are reported with 0. */
  abstract stockLevels(goodsIds: readonly string[]): Promise<Map<string, StockLevel>>;

  /**
   * Holds `quantity` keys of a goods item for an order line until `expiresAt`.
   * Throws OutOfStockError (409) and holds nothing when fewer are available.
   * Calling it again for the same line returns the existing reservation.
   */
  abstract reserve(input: {
    orderId: string;
    lineId: string;
    goodsId: string;
    quantity: number;
    expiresAt: Date;
  }): Promise<KeyReservation>;

  /** Gives reserved keys back to stock (order expired or cancelled). Safe to repeat. */
  abstract release(input: { orderId: string; lineId?: string }): Promise<number>;

  /**
   * Sells the line's keys: the reservation becomes sold, or, if it lapsed, fresh keys are
   * allocated. Exactly once per line: a repeat returns the same keys. Throws OutOfStockError when
   * no keys are left for a lapsed reservation (the order then waits for stock).
   */
  abstract deliver(input: { orderId: string; lineId: string; goodsId: string; quantity: number }): Promise<DeliveredKey[]>;

  /** The keys already sold to an order (decrypted, audited), for re-sending. */
  abstract deliveredKeys(input: { orderId: string; reason: string }): Promise<DeliveredKey[]>;

  /** Marks a sold key defective and sells the line a new one in its place. */
  abstract replaceKey(input: { orderId: string; keyId: string; reason: string }): Promise<DeliveredKey>;

  /**
   * Stores keys an order line got from outside the vault (the merchant's system, for dynamic
   * goods) as keys sold to that line: sealed exactly like imported keys, so re-sending, lookups and
   * replacements treat them like any other. Exactly once per line: a repeat stores nothing and
   * returns the earlier keys (`alreadyDelivered`). Joins the caller's transaction (in a savepoint).
   * Throws DuplicateExternalKeyError (409) when a key is already in the vault for the goods item or
   * repeats, InvalidExternalKeysError (422) for an empty or over-long key.
   */
  abstract deliverExternal(input: {
    orderId: string;
    lineId: string;
    goodsId: string;
    secrets: readonly string[];
    source: ExternalKeySource;
  }): Promise<ExternalDelivery>;
}
