import { BusinessRuleError, ConflictError, NotFoundError } from '../../../platform/http/app-error';

/** 404: no such goods item, or it is archived. */
export class GoodsNotFoundError extends NotFoundError {
  constructor(goodsId: string) {
    super(`Goods ${goodsId} not found`, 'goods_not_found', { goodsId });
  }
}

/** 409: the goods item exists but is not on sale right now. */
export class GoodsOffSaleError extends ConflictError {
  constructor(goodsId: string) {
    super(`Goods ${goodsId} is not on sale`, 'goods_off_sale', { goodsId });
  }
}

/** 422: the quantity is not a whole number within the goods item's per-order limits. */
export class QuantityOutOfRangeError extends BusinessRuleError {
  constructor(goodsId: string, quantity: number, minPerOrder: number, maxPerOrder: number | null) {
    const range = maxPerOrder === null ? `at least ${minPerOrder}` : `between ${minPerOrder} and ${maxPerOrder}`;
    super(`Quantity ${quantity} is out of range: goods ${goodsId} sells ${range} per order`, 'quantity_out_of_range', {
      goodsId,
      quantity,
      minPerOrder,
      maxPerOrder,
    });
  }
}

/** 422: the line total would not fit a safe integer of minor units. */
export class AmountTooLargeError extends BusinessRuleError {
  constructor(goodsId: string, quantity: number) {
    super(`The total for ${quantity} units of goods ${goodsId} is too large`, 'amount_too_large', { goodsId, quantity });
  }
}
