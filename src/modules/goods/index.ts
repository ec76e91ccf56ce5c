// The public API of the goods module: the only file other modules may import.
export { GoodsFacade } from './public/goods.facade';
export { GoodsModule } from './goods.module';
