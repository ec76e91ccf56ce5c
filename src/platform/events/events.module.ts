import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeadLetters } from './dead-letters';
import { DeadLettersController } from './dead-letters.controller';
import { EventDeliveryWorker } from './event-delivery-worker';
import { EventOutbox } from './event-outbox';
import { EventWorkers } from './event-workers';
import { Housekeeping } from './housekeeping';
import { OutboxRelay } from './outbox-relay';
import { RelayLoop } from './relay-loop';
import { SubscriberRegistry } from './subscriber-registry';

@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [DeadLettersController],
  providers: [
    EventOutbox,
    SubscriberRegistry,
    OutboxRelay,
    RelayLoop,
    EventDeliveryWorker,
    DeadLetters,
    EventWorkers,
    Housekeeping,
  ],
  exports: [EventOutbox, OutboxRelay, DeadLetters, SubscriberRegistry],
})
export class EventsModule {}
