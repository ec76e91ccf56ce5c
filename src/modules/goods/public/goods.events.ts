import { IntegrationEvent } from '../../../platform/events';

/** The base price (or currency) of a goods item changed. Amounts in minor units of `currency` (the new one). */
@IntegrationEvent('goods.goods.price-changed', 1)
export class GoodsPriceChangedV1 {
  constructor(
    readonly goodsId: string,
    readonly fromMinor: number,
    readonly toMinor: number,
    readonly currency: string,
    /** ISO 8601, UTC. */
    readonly changedAt: string,
  ) {}
}

/**
 * A goods item went on or off sale, was archived or restored (created on sale counts too).
 * It can be bought only while `onSale && !archived`.
 */
@IntegrationEvent('goods.goods.sale-status-changed', 1)
export class GoodsSaleStatusChangedV1 {
  constructor(
    readonly goodsId: string,
    readonly onSale: boolean,
    readonly archived: boolean,
    /** ISO 8601, UTC. */
    readonly changedAt: string,
  ) {}
}
