import type { DeliveryType } from '../public/goods.contracts';

/**
 * What the storefront says about stock: `manual` goods are not counted (the merchant delivers),
 * `unlimited` is a reusable key, `unknown` means the count could not be read just now.
 */
export type StockStatus = 'in_stock' | 'out_of_stock' | 'unlimited' | 'manual' | 'unknown';

/**
 * `available` is the vault's count for auto goods: a number, null for unlimited, or undefined when
 * the vault could not answer.
 */
export function stockStatusOf(deliveryType: DeliveryType, available: number | null | undefined): StockStatus {
  if (deliveryType === 'manual') return 'manual';
  if (available === undefined) return 'unknown';
  if (available === null) return 'unlimited';
  return available > 0 ? 'in_stock' : 'out_of_stock';
}
