import { Injectable } from '@nestjs/common';
import { WebhooksFacade } from './public/webhooks.facade';

@Injectable()
export class WebhooksFacadeService extends WebhooksFacade {}
