import { Injectable, Module } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EventMetadata, IntegrationEvent, OnIntegrationEvent } from '../../src/platform/events';

@IntegrationEvent('platform.test.stuck', 1)
export class StuckV1 {
  constructor(readonly tag: string) {}
}

@IntegrationEvent('platform.test.calm', 1)
export class CalmV1 {
  constructor(readonly tag: string) {}
}

/** How the hanging subscriber hangs: on a promise that never settles, or inside a database statement. */
export const hanging = { how: 'promise' as 'promise' | 'statement', calls: 0 };

export const HANG_EFFECTS_SQL = `CREATE TABLE IF NOT EXISTS public.test_hang_effects (
  event_id uuid NOT NULL, subscriber text NOT NULL, tag text NOT NULL)`;

/**
 * One subscriber that never finishes on `platform.test.stuck`, beside subscribers that must not
 * be held up by it: another of the same module on the same event and on another event, and one of
 * another module (its own queue).
 */
@Injectable()
export class HangingSubscribers {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  @OnIntegrationEvent(StuckV1, { name: 'platform.test-hangs' })
  async hang(event: StuckV1, meta: EventMetadata): Promise<void> {
    hanging.calls += 1;
    // Written first, so a rolled-back attempt is seen to leave nothing behind.
    await this.effect('platform.test-hangs', event.tag, meta);
    if (hanging.how === 'statement') await this.txHost.tx.query(`SELECT pg_sleep(3600) /* test-hangs */`);
    else await new Promise<never>(() => undefined);
  }

  @OnIntegrationEvent(StuckV1, { name: 'platform.test-sibling' })
  async sibling(event: StuckV1, meta: EventMetadata): Promise<void> {
    await this.effect('platform.test-sibling', event.tag, meta);
  }

  @OnIntegrationEvent(CalmV1, { name: 'platform.test-calm' })
  async calm(event: CalmV1, meta: EventMetadata): Promise<void> {
    await this.effect('platform.test-calm', event.tag, meta);
  }

  @OnIntegrationEvent(StuckV1, { name: 'support.test-bystander' })
  async bystander(event: StuckV1, meta: EventMetadata): Promise<void> {
    await this.effect('support.test-bystander', event.tag, meta);
  }

  private async effect(subscriber: string, tag: string, meta: EventMetadata): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO public.test_hang_effects (event_id, subscriber, tag) VALUES ($1, $2, $3)`, [
      meta.eventId,
      subscriber,
      tag,
    ]);
  }
}

@Module({ providers: [HangingSubscribers] })
export class HangingSubscribersModule {}
