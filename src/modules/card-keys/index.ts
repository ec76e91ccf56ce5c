// The public API of the card-keys module: the only file other modules may import.
export { CardKeysFacade } from './public/card-keys.facade';
export { CardKeysModule } from './card-keys.module';
