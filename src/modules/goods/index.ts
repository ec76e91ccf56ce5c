// The public API of the goods module: the only file other modules may import.
export { GoodsFacade } from './public/goods.facade';
export type {
  BuyerField,
  BuyerFieldType,
  DeliveryType,
  DynamicDeliverySettings,
  GoodsForOrder,
  GoodsQuote,
  WholesaleTier,
} from './public/goods.contracts';
export { GoodsPriceChangedV1, GoodsSaleStatusChangedV1 } from './public/goods.events';
export { AmountTooLargeError, GoodsNotFoundError, GoodsOffSaleError, QuantityOutOfRangeError } from './public/goods.errors';
export { GoodsModule } from './goods.module';
