import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { AppConfig } from '../../../platform/config/app-config';
import type { QueuedJob } from '../../../platform/queue/job-queue';
import { OrdersFacade } from '../../orders';
import { deliveryBody, type WebhookKey } from '../domain/delivery-body';
import { KEY_BEARING_EVENT } from '../domain/event-catalogue';
import { endsSeries, retryDelayMs } from '../domain/retry-schedule';
import { printableUrl } from '../domain/target-url';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from '../domain/webhook-signature';
import type { DeliveryJob } from '../jobs/delivery-queue';
import { AttemptStore } from '../persistence/attempt-store';
import { DeliveryRecord, DeliveryStatus, DeliveryStore } from '../persistence/delivery-store';
import { EndpointRecord, EndpointStore } from '../persistence/endpoint-store';
import { EndpointSecrets } from './endpoint-secrets';
import { TargetGuard } from './target-guard';
import { TransportResult, WebhookTransport } from './webhook-transport';

/** No such delivery even after its planning transaction ended: that one rolled back (or the lock wait timed out). */
class DeliveryNotFoundYet extends Error {
  constructor(deliveryId: string) {
    super(`delivery ${deliveryId} is not in the database; trying again`);
  }
}

/** The attempt failed and another one is due: thrown so the queue waits out the backoff. */
class RetryLater extends Error {}

type AttemptResult = TransportResult | { outcome: 'refused'; statusCode: null; error: string; snippet: null };

/**
 * Sends one attempt of a delivery and records it. The body is built from the stored event at send
 * time; card keys (orders.order.delivered to an endpoint with includeKeys) are read from orders
 * just before sending and exist only in that request: never in a table, a log or the queue.
 */
@Injectable()
export class DeliverySender {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly endpoints: EndpointStore,
    private readonly attempts: AttemptStore,
    private readonly secrets: EndpointSecrets,
    private readonly guard: TargetGuard,
    private readonly transport: WebhookTransport,
    private readonly orders: OrdersFacade,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async run(job: QueuedJob<DeliveryJob>): Promise<void> {
    const { deliveryId, series } = job.data;
    let delivery = await this.deliveries.byId(deliveryId);
    if (!delivery) {
      // The job was queued by a transaction that has not committed yet: wait for it to end.
      await this.txHost.withTransaction(() => this.deliveries.waitForPlanner(deliveryId));
      delivery = await this.deliveries.byId(deliveryId);
      if (!delivery) throw new DeliveryNotFoundYet(deliveryId);
    }
    if (delivery.status !== 'pending' || delivery.series !== series) return; // finished, or a newer series runs
    const endpoint = await this.endpoints.byId(delivery.endpointId);
    if (!endpoint || !endpoint.active) {
      await this.deliveries.cancel(delivery.id, endpoint ? 'the endpoint is switched off' : 'the endpoint was deleted', this.clock.now());
      return;
    }
    const at = this.clock.now();
    const started = process.hrtime.bigint();
    const carriedKeys = endpoint.includeKeys && delivery.eventType === KEY_BEARING_EVENT;
    const result = await this.send(delivery, endpoint, at, carriedKeys);
    const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const { attempt, status, nextAttemptAt } = await this.record(delivery, job, { at, durationMs, result, carriedKeys });

    const facts = {
      deliveryId,
      endpointId: endpoint.id,
      eventType: delivery.eventType,
      target: printableUrl(endpoint.url),
      series,
      attempt,
      outcome: result.outcome,
      statusCode: result.statusCode,
      durationMs,
    };
    if (status === 'succeeded') this.logger.log(facts, `webhook delivered (${result.statusCode})`);
    // A receiver's failure is the merchant's to fix (the admin lists failed deliveries): a warning, not our error.
    else if (status === 'failed') this.logger.warn({ ...facts, error: result.error }, `webhook delivery failed after ${attempt} attempts: ${result.error}`);
    else if (status === 'pending') {
      this.logger.warn({ ...facts, error: result.error, nextAttemptAt }, `webhook attempt ${attempt} failed: ${result.error}`);
      throw new RetryLater(`attempt ${attempt} failed (${result.error}); next at ${nextAttemptAt?.toISOString()}`);
    }
  }

  private async send(delivery: DeliveryRecord, endpoint: EndpointRecord, at: Date, carriesKeys: boolean): Promise<AttemptResult> {
    const checked = await this.guard.forDelivery(endpoint.url).catch((error: Error) => ({ unresolved: error.message }));
    if ('unresolved' in checked) return { outcome: 'network_error', statusCode: null, error: checked.unresolved.slice(0, 500), snippet: null };
    if ('refused' in checked) return { outcome: 'refused', statusCode: null, error: `target refused: ${checked.refused}`.slice(0, 500), snippet: null };

    const keys = carriesKeys ? await this.keysOf(delivery, endpoint) : undefined;
    const body = deliveryBody({ eventId: delivery.eventId, type: delivery.eventType, occurredAt: delivery.occurredAt, data: delivery.data, keys });
    const timestamp = Math.floor(at.getTime() / 1000);
    return this.transport.post({
      url: endpoint.url,
      target: checked.target,
      body,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'CardShop-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader({ secrets: this.secrets.signingSecrets(endpoint, at), timestamp, body }),
        [EVENT_HEADER]: delivery.eventType,
        [DELIVERY_HEADER]: delivery.id,
      },
    });
  }

  /** The order's keys, read (and audited by orders) for this request only. */
  private async keysOf(delivery: DeliveryRecord, endpoint: EndpointRecord): Promise<WebhookKey[]> {
    const orderId = delivery.data.orderId;
    if (typeof orderId !== 'string') return [];
    const notice = await this.txHost.withTransaction(() =>
      this.orders.deliveryNotice({ orderId, withKeys: true, purpose: `sent to webhook ${endpoint.id}` }),
    );
    return notice?.keys ?? [];
  }

  /** Logs the attempt and moves the delivery on, under its row lock. */
  private record(
    delivery: DeliveryRecord,
    job: QueuedJob<DeliveryJob>,
    a: { at: Date; durationMs: number; result: AttemptResult; carriedKeys: boolean },
  ): Promise<{ attempt: number; status: DeliveryStatus | null; nextAttemptAt: Date | null }> {
    return this.txHost.withTransaction(async () => {
      const current = await this.deliveries.byId(delivery.id, true);
      const attempt = await this.attempts.nextNumber(delivery.id, job.data.series);
      await this.attempts.insert({
        id: randomUUID(),
        deliveryId: delivery.id,
        series: job.data.series,
        attempt,
        at: a.at,
        durationMs: a.durationMs,
        outcome: a.result.outcome,
        statusCode: a.result.statusCode,
        error: a.result.error,
        // A receiver could echo what it got: nothing of an answer to a key-bearing request is kept.
        responseSnippet: a.carriedKeys ? null : a.result.snippet,
        carriedKeys: a.carriedKeys,
      });
      // Cancelled (endpoint deleted or switched off) while this attempt ran: the attempt is logged, nothing else changes.
      if (!current || current.status !== 'pending' || current.series !== job.data.series) return { attempt, status: null, nextAttemptAt: null };
      const max = this.config.WEBHOOK_MAX_ATTEMPTS;
      const status: DeliveryStatus =
        a.result.outcome === 'succeeded' ? 'succeeded' : endsSeries(a.result.outcome, attempt, max) ? 'failed' : 'pending';
      // The queue waits (2^n − 1) × base after its nth failed run of this job.
      const nextAttemptAt =
        status === 'pending' ? new Date(this.clock.now().getTime() + retryDelayMs(job.attemptsMade + 1, this.config.WEBHOOK_RETRY_BACKOFF_MS)) : null;
      await this.deliveries.recordAttempt(delivery.id, {
        status,
        statusCode: a.result.statusCode,
        error: a.result.error,
        nextAttemptAt,
        at: this.clock.now(),
      });
      return { attempt, status, nextAttemptAt };
    });
  }
}
