import { ConflictError } from '../../../platform/http/app-error';

/** 409: not enough keys for the request; nothing was held or sold. */
export class OutOfStockError extends ConflictError {
  constructor(goodsId: string, wanted: number) {
    super(`Not enough keys in stock for goods ${goodsId} (wanted ${wanted})`, 'out_of_stock', { goodsId, wanted });
  }
}
