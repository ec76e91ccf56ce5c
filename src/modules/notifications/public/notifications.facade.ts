/**
 * The one synchronous entry point other modules may call on notifications. Nothing calls it yet: notifications
 * listens to other modules' integration events.
 */
export abstract class NotificationsFacade {}
