// The public API of the orders module: the only file other modules may import.
export { OrdersFacade } from './public/orders.facade';
export { OrdersModule } from './orders.module';
