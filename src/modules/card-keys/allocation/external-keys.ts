import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { rowsOf } from '../../../platform/database/sql-result';
import { maskKey } from '../domain/key-line';
import type { ExternalDelivery, ExternalKeySource } from '../public/card-keys.contracts';
import { DuplicateExternalKeyError, InvalidExternalKeysError } from '../public/card-keys.errors';
import { CardKeyCipher } from '../vault/card-key-cipher';

/** Longer than an imported line may be: a merchant's system may hand out an account with its notes. */
export const MAX_EXTERNAL_KEY_LENGTH = 4096;
const MAX_KEYS = 10_000;

export interface ExternalKeysInput {
  orderId: string;
  lineId: string;
  goodsId: string;
  secrets: readonly string[];
  source: ExternalKeySource;
}

/**
 * Keys that come from outside the vault (a merchant's system answering for dynamic goods) enter it
 * already sold to their order line. They are sealed exactly like imported keys: a batch of their
 * own with a fresh data key wrapped by the active master key, AES-256-GCM per key bound to its row
 * and goods item, a blind index against duplicates. Re-send, lookup, replace and master-key
 * rotation then need nothing special. No stock moves: no reservation, no low-stock report.
 */
@Injectable()
export class ExternalKeys {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cipher: CardKeyCipher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  deliver(input: ExternalKeysInput): Promise<ExternalDelivery> {
    assertStorable(input.secrets);
    return this.txHost.withTransaction(Propagation.Nested, async () => {
      const now = this.clock.now();
      // The same claim as a vault delivery: one row per order line, so a line is delivered once.
      const [claimed] = (await this.txHost.tx.query(
        `INSERT INTO card_keys.line_deliveries (order_id, line_id, goods_id, quantity, delivered_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING order_id`,
        [input.orderId, input.lineId, input.goodsId, input.secrets.length, now],
      )) as unknown[];
      if (!claimed) return { keyIds: await this.keysOfLine(input.orderId, input.lineId), alreadyDelivered: true };

      const indexes = input.secrets.map((secret) => this.cipher.blindIndex(input.goodsId, secret));
      const repeated = input.secrets.length - new Set(indexes.map((i) => i.toString('hex'))).size;
      if (repeated > 0) throw new DuplicateExternalKeyError(input.goodsId, repeated);

      const batchId = randomUUID();
      const { dataKey, masterKeyId, wrapped } = this.cipher.newBatchKey(batchId);
      const n = input.secrets.length;
      await this.txHost.tx.query(
        `INSERT INTO card_keys.batches
           (id, goods_id, source, status, master_key_id, wrapped_data_key, lines_received, imported, created_by, created_at, finished_at)
         VALUES ($1, $2, $3, 'completed', $4, $5, $6, $6, $7, $8, $8)`,
        [batchId, input.goodsId, input.source, masterKeyId, wrapped, n, `order:${input.orderId}`, now],
      );
      const ids = input.secrets.map(() => randomUUID());
      const sealed = input.secrets.map((secret, i) => this.cipher.sealSecret(dataKey, ids[i], input.goodsId, secret));
      const masks = input.secrets.map(maskKey);
      const inserted = rowsOf<{ id: string }>(await this.txHost.tx.query(
        `INSERT INTO card_keys.keys (id, goods_id, batch_id, blind_index, sealed_secret, mask, status, created_at, status_changed_at)
         SELECT k.id, $2, $3, k.bi, k.sealed, k.mask, 'sold', $4, $4
           FROM unnest($1::uuid[], $5::bytea[], $6::bytea[], $7::text[]) AS k(id, bi, sealed, mask)
         ON CONFLICT (goods_id, blind_index) DO NOTHING
         RETURNING id`,
        [ids, input.goodsId, batchId, now, indexes, sealed, masks],
      ));
      if (inserted.length < n) throw new DuplicateExternalKeyError(input.goodsId, n - inserted.length);

      await this.txHost.tx.query(
        `INSERT INTO card_keys.sales (id, order_id, line_id, key_id, goods_id, position, sold_at)
         SELECT gen_random_uuid(), $1, $2, k.key_id, $3, k.position - 1, $4
           FROM unnest($5::uuid[]) WITH ORDINALITY AS k(key_id, position)`,
        [input.orderId, input.lineId, input.goodsId, now, ids],
      );
      await this.audit.record({
        action: 'card-keys.deliver-external',
        targetType: 'order',
        targetId: input.orderId,
        details: { goodsId: input.goodsId, lineId: input.lineId, source: input.source, batchId, keys: n, keyIds: ids.slice(0, 100) },
      });
      return { keyIds: ids, alreadyDelivered: false };
    });
  }

  private async keysOfLine(orderId: string, lineId: string): Promise<string[]> {
    const rows: Array<{ key_id: string }> = await this.txHost.tx.query(
      `SELECT key_id FROM card_keys.sales WHERE order_id = $1 AND line_id = $2 AND replaced_at IS NULL ORDER BY position`,
      [orderId, lineId],
    );
    return rows.map((r) => r.key_id);
  }
}

function assertStorable(secrets: readonly string[]): void {
  if (secrets.length < 1 || secrets.length > MAX_KEYS) throw new InvalidExternalKeysError(`expected 1 to ${MAX_KEYS} keys, got ${secrets.length}`);
  secrets.forEach((secret, i) => {
    if (typeof secret !== 'string' || secret.trim() === '') throw new InvalidExternalKeysError(`key ${i + 1} is empty`);
    if (secret.length > MAX_EXTERNAL_KEY_LENGTH) throw new InvalidExternalKeysError(`key ${i + 1} is longer than ${MAX_EXTERNAL_KEY_LENGTH} characters`);
  });
}
