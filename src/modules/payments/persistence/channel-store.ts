import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { SealedCredentials } from '../channels/credentials-cipher';

export interface ChannelRecord {
  id: string;
  code: string;
  provider: string;
  displayName: string;
  enabled: boolean;
  priority: number;
  currency: string;
  minAmountMinor: number;
  maxAmountMinor: number | null;
  feeBps: number;
  feeFixedMinor: number;
  credentials: SealedCredentials;
  credentialFields: string[];
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

interface ChannelRow {
  id: string;
  code: string;
  provider: string;
  display_name: string;
  enabled: boolean;
  priority: number;
  currency: string;
  min_amount_minor: number;
  max_amount_minor: number | null;
  fee_bps: number;
  fee_fixed_minor: number;
  credentials_sealed: Buffer;
  credentials_key_id: string;
  credential_fields: string[];
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: ChannelRow): ChannelRecord => ({
  id: r.id,
  code: r.code,
  provider: r.provider,
  displayName: r.display_name,
  enabled: r.enabled,
  priority: r.priority,
  currency: r.currency,
  minAmountMinor: r.min_amount_minor,
  maxAmountMinor: r.max_amount_minor,
  feeBps: r.fee_bps,
  feeFixedMinor: r.fee_fixed_minor,
  credentials: { keyId: r.credentials_key_id, sealed: r.credentials_sealed },
  credentialFields: r.credential_fields,
  settings: r.settings,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COLUMNS = `id, code, provider, display_name, enabled, priority, currency, min_amount_minor, max_amount_minor,
  fee_bps, fee_fixed_minor, credentials_sealed, credentials_key_id, credential_fields, settings, created_at, updated_at`;

const params = (c: ChannelRecord) => [
  c.id,
  c.code,
  c.provider,
  c.displayName,
  c.enabled,
  c.priority,
  c.currency,
  c.minAmountMinor,
  c.maxAmountMinor,
  c.feeBps,
  c.feeFixedMinor,
  c.credentials.sealed,
  c.credentials.keyId,
  c.credentialFields,
  JSON.stringify(c.settings),
  c.createdAt,
  c.updatedAt,
];

/** payments.channels, read and written in the caller's transaction. */
@Injectable()
export class ChannelStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Inserts the channel; false when the code is taken. */
  async insert(channel: ChannelRecord): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO payments.channels (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      params(channel),
    );
    return rows.length === 1;
  }

  async save(channel: ChannelRecord): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payments.channels SET provider = $3, display_name = $4, enabled = $5, priority = $6, currency = $7,
              min_amount_minor = $8, max_amount_minor = $9, fee_bps = $10, fee_fixed_minor = $11,
              credentials_sealed = $12, credentials_key_id = $13, credential_fields = $14, settings = $15::jsonb,
              created_at = $16, updated_at = $17
        WHERE id = $1 AND code = $2`,
      params(channel),
    );
  }

  async byCode(code: string, lock = false): Promise<ChannelRecord | null> {
    const [row] = (await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM payments.channels WHERE code = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [code],
    )) as ChannelRow[];
    return row ? toRecord(row) : null;
  }

  async all(onlyEnabled = false): Promise<ChannelRecord[]> {
    const rows: ChannelRow[] = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM payments.channels ${onlyEnabled ? 'WHERE enabled' : ''} ORDER BY priority, code`,
    );
    return rows.map(toRecord);
  }
}
