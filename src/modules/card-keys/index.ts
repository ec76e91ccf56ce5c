// The public API of the card-keys module: the only file other modules may import.
export { CardKeysFacade } from './public/card-keys.facade';
export type { DeliveredKey, ExternalDelivery, ExternalKeySource, KeyReservation, StockLevel } from './public/card-keys.contracts';
export { CardKeysImportedV1, StockAddedV1, StockLowV1 } from './public/card-keys.events';
export { DuplicateExternalKeyError, InvalidExternalKeysError, OutOfStockError } from './public/card-keys.errors';
export { CardKeysModule } from './card-keys.module';
