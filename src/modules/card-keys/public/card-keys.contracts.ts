/** Contract types of the card-keys module (plain data, safe to pass between modules). */

export interface StockLevel {
  goodsId: string;
  /** Keys that can be sold now; null when the goods item sells a reusable key (no limit). */
  available: number | null;
}

export interface KeyReservation {
  orderId: string;
  lineId: string;
  goodsId: string;
  quantity: number;
  expiresAt: string;
}

export interface DeliveredKey {
  keyId: string;
  goodsId: string;
  /** The secret itself: show it to the buyer, never log it. */
  secret: string;
}

/** Where keys delivered from outside the vault came from (the import batch records it). */
export type ExternalKeySource = 'dynamic';

/** Keys an order line received from outside the vault (the merchant's system), now stored in it. */
export interface ExternalDelivery {
  /** The line's keys, in the order given. */
  keyIds: string[];
  /** true when the line had been delivered before: nothing was stored, the earlier keys stand. */
  alreadyDelivered: boolean;
}
