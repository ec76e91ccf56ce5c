import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { isQueueOwner, QueueOwner } from '../queue/queue-names';
import { EventMetadata, eventKeyOf } from './integration-event';
import { SUBSCRIBER_METADATA, SubscriberMetadata } from './on-integration-event';

export interface Subscriber {
  name: string;
  owner: QueueOwner;
  eventKey: string;
  handle(event: object, meta: EventMetadata): Promise<void>;
}

const NAME_PATTERN = /^([a-z][a-z-]*)\.[a-z0-9][a-z0-9.-]*$/;

/** Finds every `@OnIntegrationEvent` method at boot and checks the names are sound. */
@Injectable()
export class SubscriberRegistry implements OnModuleInit {
  private readonly byName = new Map<string, Subscriber>();
  private readonly byEvent = new Map<string, Subscriber[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method] as (...args: unknown[]) => Promise<void>;
        const meta = this.reflector.get<SubscriberMetadata | undefined>(SUBSCRIBER_METADATA, fn);
        if (meta) this.add(meta, (event, eventMeta) => fn.call(instance, event, eventMeta));
      }
    }
  }

  subscribersOf(eventKey: string): readonly Subscriber[] {
    return this.byEvent.get(eventKey) ?? [];
  }

  get(name: string): Subscriber | undefined {
    return this.byName.get(name);
  }

  all(): Subscriber[] {
    return [...this.byName.values()];
  }

  private add(meta: SubscriberMetadata, handle: Subscriber['handle']): void {
    const match = NAME_PATTERN.exec(meta.name);
    if (!match || !isQueueOwner(match[1])) {
      throw new Error(
        `Subscriber name "${meta.name}" must read <module>.<what-it-does> with a known module`,
      );
    }
    if (this.byName.has(meta.name)) {
      throw new Error(`Two subscribers are named "${meta.name}"; names must be unique`);
    }
    const subscriber: Subscriber = {
      name: meta.name,
      owner: match[1],
      eventKey: eventKeyOf(meta.event),
      handle,
    };
    this.byName.set(subscriber.name, subscriber);
    this.byEvent.set(subscriber.eventKey, [...this.subscribersOf(subscriber.eventKey), subscriber]);
  }
}
