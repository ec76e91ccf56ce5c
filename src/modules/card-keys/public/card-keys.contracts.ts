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
