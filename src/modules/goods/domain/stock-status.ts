import type { DeliveryType } from '../public/goods.contracts';

/**
 * What the storefront says about stock: `manual` goods are not counted (the merchant delivers),
 * `on_demand` goods are not counted either (the merchant's system issues each item when the order
 * is paid: always available), `unlimited` is a reusable key, `unknown` means the count could not be
 * read just now.
 */
export type StockStatus = 'in_stock' | 'out_of_stock' | 'unlimited' | 'manual' | 'on_demand' | 'unknown';

/**
 * `available` is the vault's count for auto goods (the others are not counted): a number, null
 * for unlimited, or undefined when the vault could not answer.
 */
export function stockStatusOf(deliveryType: DeliveryType, available: number | null | undefined): StockStatus {
  if (deliveryType === 'manual') return 'manual';
  if (deliveryType === 'dynamic') return 'on_demand';
  if (available === undefined) return 'unknown';
  if (available === null) return 'unlimited';
  return available > 0 ? 'in_stock' : 'out_of_stock';
}
