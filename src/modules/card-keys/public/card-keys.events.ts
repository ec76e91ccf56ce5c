import { IntegrationEvent } from '../../../platform/events';

/** An import batch finished: how many keys it added and what it left out. */
@IntegrationEvent('card-keys.batch.imported', 1)
export class CardKeysImportedV1 {
  constructor(
    readonly batchId: string,
    readonly goodsId: string,
    readonly imported: number,
    readonly duplicates: number,
    readonly invalid: number,
  ) {}
}

/** Keys became available for a goods item (imported or given back): waiting orders can be served. */
@IntegrationEvent('card-keys.stock.added', 1)
export class StockAddedV1 {
  constructor(
    readonly goodsId: string,
    readonly added: number,
    readonly reason: 'imported' | 'released',
  ) {}
}

/** Available keys of a goods item fell to its threshold. Reported once until stock rises again. */
@IntegrationEvent('card-keys.stock.low', 1)
export class StockLowV1 {
  constructor(
    readonly goodsId: string,
    readonly available: number,
    readonly threshold: number,
  ) {}
}
