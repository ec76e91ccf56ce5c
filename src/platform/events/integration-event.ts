/**
 * Integration events: the asynchronous contract between modules. An event class is plain JSON-safe
 * data declared in the publisher's `public/`, named `<module>.<aggregate>.<happened>` with a version,
 * e.g. `@IntegrationEvent('orders.order.paid', 1) class OrderPaidV1`. A breaking change is a new
 * class (V2) published beside V1 until every consumer has moved.
 *
 * The classes are @nestjs/cqrs-compatible events (`IEvent` is structural), so a module may also
 * publish them on its in-process CQRS bus; across modules they travel only through the outbox.
 */
export type EventClass<E extends object = object> = (new (...args: never[]) => E) & {
  prototype: E;
};

export interface EventType {
  type: string;
  version: number;
}

const TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;
const META = Symbol('integration-event');
const byKey = new Map<string, EventClass>();

const keyOf = (t: EventType) => `${t.type}@v${t.version}`;

export function IntegrationEvent(type: string, version: number) {
  if (!TYPE_PATTERN.test(type)) {
    throw new Error(`Event type "${type}" must read <module>.<aggregate>.<happened>`);
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new Error(`Event ${type} needs a positive integer version`);
  }
  return (target: EventClass) => {
    const key = keyOf({ type, version });
    const existing = byKey.get(key);
    if (existing && existing !== target) {
      throw new Error(`Two classes claim the event ${key}: ${existing.name} and ${target.name}`);
    }
    Object.defineProperty(target, META, { value: { type, version } satisfies EventType });
    byKey.set(key, target);
  };
}

export function eventTypeOf(eventOrClass: object): EventType {
  const ctor = (typeof eventOrClass === 'function' ? eventOrClass : eventOrClass.constructor) as {
    [META]?: EventType;
    name?: string;
  };
  const meta = ctor[META];
  if (!meta) throw new Error(`${ctor.name ?? 'This class'} is not decorated with @IntegrationEvent`);
  return meta;
}

export function eventKeyOf(eventOrClass: object): string {
  return keyOf(eventTypeOf(eventOrClass));
}

export function eventClassFor(type: EventType): EventClass | undefined {
  return byKey.get(keyOf(type));
}

/** What a subscriber gets besides the event itself. */
export interface EventMetadata {
  eventId: string;
  type: string;
  version: number;
  occurredAt: Date;
  /** The request that caused the event, for tracing in logs. */
  requestId: string | null;
}
