import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { BusinessRuleError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import { unknownEventTypes } from '../domain/event-catalogue';
import { printableUrl } from '../domain/target-url';
import { newWebhookSecret } from '../domain/webhook-secret';
import { DeliveryStore } from '../persistence/delivery-store';
import { EndpointRecord, EndpointStore } from '../persistence/endpoint-store';
import { EndpointSecrets } from './endpoint-secrets';
import { TargetGuard } from './target-guard';

export interface EndpointInput {
  url: string;
  events: string[];
  description?: string | null;
  includeKeys: boolean;
  active: boolean;
}

export type EndpointPatch = Partial<EndpointInput>;

/** Live endpoints a shop may have: every event is sent once per endpoint, so this bounds the fan-out. */
export const MAX_ENDPOINTS = 20;

/** An endpoint as the admin sees it: never its secret. */
export function endpointView(e: EndpointRecord) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    includeKeys: e.includeKeys,
    active: e.active,
    secretRotatedAt: e.secretRotatedAt.toISOString(),
    previousSecretExpiresAt: e.previousSecret?.expiresAt.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/**
 * Webhook endpoints through the admin (role operator), each change audited. The signing secret
 * is made here, shown once in the answer to create or rotate-secret, and stored only sealed.
 */
@Injectable()
export class EndpointsAdmin {
  constructor(
    private readonly endpoints: EndpointStore,
    private readonly deliveries: DeliveryStore,
    private readonly secrets: EndpointSecrets,
    private readonly guard: TargetGuard,
    private readonly audit: AuditLog,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  async create(input: EndpointInput) {
    await this.checkUrl(input.url); // resolves the host: before the transaction, not inside it
    checkEvents(input.events);
    return this.txHost.withTransaction(async () => {
      await this.endpoints.lockForCreation();
      const { total } = await this.endpoints.list({}, 1, 0);
      if (total >= MAX_ENDPOINTS) {
        throw new BusinessRuleError(`A shop may have at most ${MAX_ENDPOINTS} webhook endpoints; delete one first`, 'too_many_endpoints');
      }
      const now = this.clock.now();
      const id = randomUUID();
      const secret = newWebhookSecret();
      const endpoint: EndpointRecord = {
        id,
        url: input.url,
        description: input.description ?? null,
        events: unique(input.events),
        includeKeys: input.includeKeys,
        active: input.active,
        secret: this.secrets.seal(id, secret),
        secretRotatedAt: now,
        previousSecret: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
      await this.endpoints.insert(endpoint);
      await this.audit.record({ action: 'webhooks.endpoint.create', targetType: 'webhook-endpoint', targetId: id, details: describe(endpoint) });
      return { ...endpointView(endpoint), secret };
    });
  }

  async update(id: string, patch: EndpointPatch) {
    if (patch.url !== undefined) await this.checkUrl(patch.url);
    if (patch.events !== undefined) checkEvents(patch.events);
    return this.txHost.withTransaction(async () => {
      const current = await this.mustFind(id, true);
      const now = this.clock.now();
      const next: EndpointRecord = { ...current, updatedAt: now };
      if (patch.url !== undefined) next.url = patch.url;
      if (patch.events !== undefined) next.events = unique(patch.events);
      if (patch.description !== undefined) next.description = patch.description;
      if (patch.includeKeys !== undefined) next.includeKeys = patch.includeKeys;
      if (patch.active !== undefined) next.active = patch.active;
      await this.endpoints.save(next);
      const cancelled = current.active && !next.active ? await this.deliveries.cancelPendingOf(id, 'the endpoint was switched off', now) : 0;
      const before = describe(current);
      const after = describe(next);
      const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
      await this.audit.record({
        action: 'webhooks.endpoint.update',
        targetType: 'webhook-endpoint',
        targetId: id,
        details: { changed, ...Object.fromEntries(changed.map((k) => [k, after[k]])), ...(cancelled ? { cancelledDeliveries: cancelled } : {}) },
      });
      return endpointView(next);
    });
  }

  /**
   * A new signing secret, shown once. With `previousSecretValidMinutes`, the old one keeps signing
   * beside it (a second v1 in the header) until then, so receivers can switch without a gap.
   */
  async rotateSecret(id: string, previousSecretValidMinutes: number) {
    return this.txHost.withTransaction(async () => {
      const current = await this.mustFind(id, true);
      const now = this.clock.now();
      const secret = newWebhookSecret();
      const next: EndpointRecord = {
        ...current,
        secret: this.secrets.seal(id, secret),
        secretRotatedAt: now,
        previousSecret:
          previousSecretValidMinutes > 0 ? { ...current.secret, expiresAt: new Date(now.getTime() + previousSecretValidMinutes * 60_000) } : null,
        updatedAt: now,
      };
      await this.endpoints.save(next);
      await this.audit.record({
        action: 'webhooks.endpoint.rotate-secret',
        targetType: 'webhook-endpoint',
        targetId: id,
        details: { previousSecretValidMinutes },
      });
      return { ...endpointView(next), secret };
    });
  }

  /** Deletes an endpoint: nothing is sent to it any more; its deliveries and their attempts stay readable. */
  async delete(id: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const current = await this.mustFind(id, true);
      const now = this.clock.now();
      await this.endpoints.save({ ...current, active: false, previousSecret: null, updatedAt: now, deletedAt: now });
      const cancelled = await this.deliveries.cancelPendingOf(id, 'the endpoint was deleted', now);
      await this.audit.record({
        action: 'webhooks.endpoint.delete',
        targetType: 'webhook-endpoint',
        targetId: id,
        details: { ...describe(current), cancelledDeliveries: cancelled },
      });
    });
  }

  async list(filter: { active?: boolean }, limit: number, offset: number) {
    const { items, total } = await this.endpoints.list(filter, limit, offset);
    return { items: items.map(endpointView), total, limit, offset };
  }

  async get(id: string) {
    return endpointView(await this.mustFind(id));
  }

  private async mustFind(id: string, lock = false): Promise<EndpointRecord> {
    const endpoint = await this.endpoints.byId(id, lock);
    if (!endpoint) throw new NotFoundError(`No webhook endpoint ${id}`, 'webhook_endpoint_not_found');
    return endpoint;
  }

  private async checkUrl(url: string): Promise<void> {
    const problem = await this.guard.registrationProblem(url);
    if (problem) throw new ValidationError(`This URL cannot receive webhooks: ${problem}`, [{ field: 'url', problems: [problem] }]);
  }
}

function checkEvents(events: string[]): void {
  const unknown = unknownEventTypes(events);
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown event types: ${unknown.join(', ')} (GET /admin/webhooks/events lists them)`, [
      { field: 'events', problems: unknown.map((t) => `unknown event type ${t}`) },
    ]);
  }
}

const unique = (values: string[]) => [...new Set(values)];

/** The audited facts of an endpoint: the URL without its query (it may hold the receiver's token), never a secret. */
function describe(e: EndpointRecord): Record<string, unknown> {
  return { url: printableUrl(e.url), events: e.events, includeKeys: e.includeKeys, active: e.active, description: e.description };
}
