// The public API of the webhooks module: the only file other modules may import.
export { WebhooksFacade } from './public/webhooks.facade';
export { WebhooksModule } from './webhooks.module';
