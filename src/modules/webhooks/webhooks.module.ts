import { Module } from '@nestjs/common';
import { QueueModule } from '../../platform/queue/queue.module';
import { SecretBox } from '../../platform/crypto/secret-box';
import { facadeProviders } from '../../platform/observability/instrumented-facade';
import { ModuleLabel } from '../../platform/observability/module-label';
import { OrdersModule } from '../orders';
import { DeliveriesAdmin } from './application/deliveries-admin';
import { DeliveryPlanner } from './application/delivery-planner';
import { DeliverySender } from './application/delivery-sender';
import { EndpointSecrets } from './application/endpoint-secrets';
import { EndpointsAdmin } from './application/endpoints-admin';
import { TargetGuard } from './application/target-guard';
import { WebhookTransport } from './application/webhook-transport';
import { WebhookDeliveriesController } from './http/webhook-deliveries.controller';
import { WebhookEndpointsController } from './http/webhook-endpoints.controller';
import { WebhookEventsController } from './http/webhook-events.controller';
import { DELIVERY_QUEUE, DeliveryQueue } from './jobs/delivery-queue';
import { WebhooksWorkers } from './jobs/webhooks-workers';
import { AttemptStore } from './persistence/attempt-store';
import { DeliveryStore } from './persistence/delivery-store';
import { EndpointStore } from './persistence/endpoint-store';
import { ForwardEvents } from './handlers/forward-events';
import { WebhooksFacade } from './public/webhooks.facade';
import { WebhooksFacadeService } from './webhooks-facade.service';

@ModuleLabel('webhooks')
@Module({
  imports: [OrdersModule, QueueModule.registerQueues(DELIVERY_QUEUE)],
  controllers: [WebhookEndpointsController, WebhookDeliveriesController, WebhookEventsController],
  providers: [
    SecretBox,
    EndpointSecrets,
    EndpointStore,
    DeliveryStore,
    AttemptStore,
    TargetGuard,
    WebhookTransport,
    DeliveryQueue,
    DeliveryPlanner,
    DeliverySender,
    EndpointsAdmin,
    DeliveriesAdmin,
    ForwardEvents,
    WebhooksWorkers,
    ...facadeProviders(WebhooksFacade, WebhooksFacadeService, 'webhooks'),
  ],
  exports: [WebhooksFacade],
})
export class WebhooksModule {}
