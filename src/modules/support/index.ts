// The public API of the support module: the only file other modules may import.
export { SupportFacade } from './public/support.facade';
export { SupportModule } from './support.module';
