/** How an order's goods reach the buyer (the goods' delivery type when the order was placed). */
export type OrderDeliveryType = 'auto' | 'manual' | 'dynamic';

/**
 * Whether a delivered order's keys are in the card-key vault: taken from stock (auto) or stored
 * there from the merchant's answer (dynamic). Manual goods are delivered outside the shop.
 */
export function keysInVault(deliveryType: OrderDeliveryType): boolean {
  return deliveryType === 'auto' || deliveryType === 'dynamic';
}
