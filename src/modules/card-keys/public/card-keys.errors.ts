import { BusinessRuleError, ConflictError } from '../../../platform/http/app-error';

/** 409: not enough keys for the request; nothing was held or sold. */
export class OutOfStockError extends ConflictError {
  constructor(goodsId: string, wanted: number) {
    super(`Not enough keys in stock for goods ${goodsId} (wanted ${wanted})`, 'out_of_stock', { goodsId, wanted });
  }
}

/**
 * 409: a key delivered from outside the vault is already in it for this goods item (sold or in
 * stock), or appears twice in one delivery. Storing it would sell one key twice; nothing was stored.
 */
export class DuplicateExternalKeyError extends ConflictError {
  constructor(goodsId: string, duplicates: number) {
    super(`${duplicates} of the delivered keys are already in the vault for goods ${goodsId} (or repeat)`, 'external_key_duplicate', {
      goodsId,
      duplicates,
    });
  }
}

/** 422: keys delivered from outside the vault must be 1-4096 characters each, 1-10000 of them. */
export class InvalidExternalKeysError extends BusinessRuleError {
  constructor(reason: string) {
    super(`The delivered keys cannot be stored: ${reason}`, 'invalid_external_keys', { reason });
  }
}
