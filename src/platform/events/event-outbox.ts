import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { Clock } from '../clock/clock';
import { eventTypeOf } from './integration-event';

/**
 * Publishes integration events the only safe way: by writing them to `platform.outbox` in the
 * caller's transaction. If the transaction rolls back, the event never existed; if it commits, the
 * relay delivers it to every subscriber.
 */
@Injectable()
export class EventOutbox {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly cls: ClsService,
  ) {}

  /** Returns the ids given to the events, in order. */
  async publish(...events: object[]): Promise<string[]> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(
        'EventOutbox.publish must run inside a transaction (txHost.withTransaction or @Transactional), ' +
          'together with the state change the event reports',
      );
    }
    if (events.length === 0) return [];
    const occurredAt = this.clock.now();
    const requestId = this.cls.isActive() ? (this.cls.getId() ?? null) : null;
    const rows = events.map((event) => {
      const { type, version } = eventTypeOf(event);
      return { id: randomUUID(), type, version, payload: JSON.stringify({ ...event }) };
    });
    const params: unknown[] = [];
    const values = rows.map((row, i) => {
      params.push(row.id, row.type, row.version, row.payload, occurredAt, requestId);
      const b = i * 6;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}::jsonb, $${b + 5}, $${b + 6})`;
    });
    await this.txHost.tx.query(
      `INSERT INTO platform.outbox (id, type, version, payload, occurred_at, request_id) VALUES ${values.join(', ')}`,
      params,
    );
    return rows.map((row) => row.id);
  }
}
