import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { SealedSecret } from '../../../platform/crypto/secret-box';

export interface EndpointRecord {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  includeKeys: boolean;
  active: boolean;
  secret: SealedSecret;
  secretRotatedAt: Date;
  /** A rotated-out secret that still signs (beside the new one) until `expiresAt`. */
  previousSecret: (SealedSecret & { expiresAt: Date }) | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

interface Row {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  include_keys: boolean;
  active: boolean;
  secret_key_id: string;
  secret_sealed: Buffer;
  secret_rotated_at: Date;
  previous_secret_key_id: string | null;
  previous_secret_sealed: Buffer | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const toRecord = (r: Row): EndpointRecord => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events,
  includeKeys: r.include_keys,
  active: r.active,
  secret: { keyId: r.secret_key_id, sealed: r.secret_sealed },
  secretRotatedAt: r.secret_rotated_at,
  previousSecret:
    r.previous_secret_key_id && r.previous_secret_sealed && r.previous_secret_expires_at
      ? { keyId: r.previous_secret_key_id, sealed: r.previous_secret_sealed, expiresAt: r.previous_secret_expires_at }
      : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

/** The merchant's webhook endpoints. Deleted ones stay (their deliveries refer to them) but are never read as live. */
@Injectable()
export class EndpointStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Serialises creations, so two at once cannot both pass the endpoint limit. */
  async lockForCreation(): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('webhooks.endpoints.create', 0))`);
  }

  async insert(e: EndpointRecord): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO webhooks.endpoints
         (id, url, description, events, include_keys, active, secret_key_id, secret_sealed, secret_rotated_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [e.id, e.url, e.description, e.events, e.includeKeys, e.active, e.secret.keyId, e.secret.sealed, e.secretRotatedAt, e.createdAt],
    );
  }

  async save(e: EndpointRecord): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE webhooks.endpoints
          SET url = $2, description = $3, events = $4, include_keys = $5, active = $6,
              secret_key_id = $7, secret_sealed = $8, secret_rotated_at = $9,
              previous_secret_key_id = $10, previous_secret_sealed = $11, previous_secret_expires_at = $12,
              updated_at = $13, deleted_at = $14
        WHERE id = $1`,
      [
        e.id,
        e.url,
        e.description,
        e.events,
        e.includeKeys,
        e.active,
        e.secret.keyId,
        e.secret.sealed,
        e.secretRotatedAt,
        e.previousSecret?.keyId ?? null,
        e.previousSecret?.sealed ?? null,
        e.previousSecret?.expiresAt ?? null,
        e.updatedAt,
        e.deletedAt,
      ],
    );
  }

  /** A live (not deleted) endpoint. */
  async byId(id: string, lock = false): Promise<EndpointRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM webhooks.endpoints WHERE id = $1 AND deleted_at IS NULL${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(filter: { active?: boolean }, limit: number, offset: number): Promise<{ items: EndpointRecord[]; total: number }> {
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT *, count(*) OVER () AS total FROM webhooks.endpoints
        WHERE deleted_at IS NULL AND ($1::boolean IS NULL OR active = $1)
        ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [filter.active ?? null, limit, offset],
    );
    return { items: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }

  /** The active endpoints that chose this event type. */
  async subscribedTo(eventType: string): Promise<EndpointRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM webhooks.endpoints WHERE active AND deleted_at IS NULL AND events @> ARRAY[$1]::text[] ORDER BY created_at, id`,
      [eventType],
    );
    return rows.map(toRecord);
  }
}
