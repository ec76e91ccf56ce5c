import { Injectable } from '@nestjs/common';
import { NotificationsFacade } from './public/notifications.facade';

@Injectable()
export class NotificationsFacadeService extends NotificationsFacade {}
