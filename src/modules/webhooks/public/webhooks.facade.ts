/**
 * The one synchronous entry point other modules may call on webhooks. Nothing calls it yet: webhooks
 * listens to other modules' integration events.
 */
export abstract class WebhooksFacade {}
