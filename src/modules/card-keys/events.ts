// The integration events card-keys publishes (see orders/events.ts for why this file exists).
export { CardKeysImportedV1, StockAddedV1, StockLowV1 } from './public/card-keys.events';
