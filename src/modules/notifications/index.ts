// The public API of the notifications module: the only file other modules may import.
export { NotificationsFacade } from './public/notifications.facade';
export { NotificationsModule } from './notifications.module';
