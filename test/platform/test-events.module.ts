import { Injectable, Module } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EventMetadata, IntegrationEvent, OnIntegrationEvent } from '../../src/platform/events';

@IntegrationEvent('platform.test.happened', 1)
export class TestHappenedV1 {
  constructor(
    readonly tag: string,
    readonly amount: number,
  ) {}
}

/** What the test subscribers saw, shared with the test. */
export const observed = {
  recorderCalls: 0,
  flakyCalls: 0,
  /** How many more times the flaky subscriber throws (after writing its effect, to prove rollback). */
  flakyFailuresLeft: 0,
  reset() {
    this.recorderCalls = 0;
    this.flakyCalls = 0;
    this.flakyFailuresLeft = 0;
  },
};

export const EFFECTS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS public.test_effects (
  event_id uuid NOT NULL, subscriber text NOT NULL, tag text NOT NULL, amount integer NOT NULL)`;

@Injectable()
export class TestSubscribers {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  @OnIntegrationEvent(TestHappenedV1, { name: 'platform.test-recorder' })
  async record(event: TestHappenedV1, meta: EventMetadata): Promise<void> {
    observed.recorderCalls += 1;
    await this.effect('platform.test-recorder', event, meta);
  }

  @OnIntegrationEvent(TestHappenedV1, { name: 'platform.test-flaky' })
  async flaky(event: TestHappenedV1, meta: EventMetadata): Promise<void> {
    observed.flakyCalls += 1;
    await this.effect('platform.test-flaky', event, meta);
    if (observed.flakyFailuresLeft > 0) {
      observed.flakyFailuresLeft -= 1;
      throw new Error('flaky subscriber failed on purpose');
    }
  }

  private async effect(subscriber: string, event: TestHappenedV1, meta: EventMetadata): Promise<void> {
    if (!(event instanceof TestHappenedV1)) throw new Error('event was not revived as its class');
    await this.txHost.tx.query(
      `INSERT INTO public.test_effects (event_id, subscriber, tag, amount) VALUES ($1, $2, $3, $4)`,
      [meta.eventId, subscriber, event.tag, event.amount],
    );
  }
}

@Module({ providers: [TestSubscribers] })
export class TestEventsModule {}
