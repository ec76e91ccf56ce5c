import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { rowsOf } from '../../../platform/database/sql-result';
import { EventOutbox } from '../../../platform/events';
import { maskKey, readKeyLine } from '../domain/key-line';
import { CardKeysImportedV1, StockAddedV1 } from '../public/card-keys.events';
import { CardKeyCipher } from '../vault/card-key-cipher';
import { StockWatch } from '../stock/stock-watch';

interface BatchRow {
  id: string;
  goods_id: string;
  status: string;
  master_key_id: string;
  wrapped_data_key: Buffer;
}

interface ChunkRow {
  seq: number;
  first_line: number;
  sealed_lines: Buffer;
}

const MAX_INVALID_SAMPLES = 20;

/**
 * Turns uploaded chunks into keys. Each chunk is one transaction: its keys, the batch counters and
 * the chunk's removal commit together, so a crash resumes at the next chunk without counting twice.
 * Duplicates (within the batch or against earlier imports of the goods item) are found by the
 * unique blind index and skipped.
 */
@Injectable()
export class ImportBatchProcessor {
  private readonly logger = new Logger('CardKeyImport');

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly cipher: CardKeyCipher,
    private readonly outbox: EventOutbox,
    private readonly stock: StockWatch,
    private readonly clock: Clock,
  ) {}

  async run(batchId: string): Promise<void> {
    await this.cls.run(async () => {
      const [batch] = (await this.txHost.tx.query(`SELECT * FROM card_keys.batches WHERE id = $1`, [batchId])) as BatchRow[];
      if (!batch) throw new Error(`import batch ${batchId} does not exist`);
      if (batch.status === 'completed' || batch.status === 'failed') return;
      await this.txHost.tx.query(`UPDATE card_keys.batches SET status = 'running' WHERE id = $1`, [batchId]);
      const dataKey = this.cipher.dataKey(batchId, { masterKeyId: batch.master_key_id, wrapped: batch.wrapped_data_key });
      while (await this.importNextChunk(batch, dataKey)) {
        // one chunk per transaction
      }
      await this.complete(batch);
    });
  }

  private async importNextChunk(batch: BatchRow, dataKey: Buffer): Promise<boolean> {
    return this.txHost.withTransaction(async () => {
      const [chunk] = (await this.txHost.tx.query(
        `SELECT seq, first_line, sealed_lines FROM card_keys.import_chunks
          WHERE batch_id = $1 ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [batch.id],
      )) as ChunkRow[];
      if (!chunk) return false;
      const lines = this.cipher.openChunk(dataKey, batch.id, chunk.seq, chunk.sealed_lines).split('\n');
      const ids: string[] = [];
      const indexes: Buffer[] = [];
      const sealed: Buffer[] = [];
      const masks: string[] = [];
      const invalidSamples: Array<{ line: number; reason: string }> = [];
      let invalid = 0;
      lines.forEach((raw, i) => {
        const line = readKeyLine(raw);
        if (line.kind === 'blank') return;
        if (line.kind === 'invalid') {
          invalid += 1;
          if (invalidSamples.length < MAX_INVALID_SAMPLES) invalidSamples.push({ line: chunk.first_line + i, reason: line.reason });
          return;
        }
        const id = randomUUID();
        ids.push(id);
        indexes.push(this.cipher.blindIndex(batch.goods_id, line.secret));
        sealed.push(this.cipher.sealSecret(dataKey, id, batch.goods_id, line.secret));
        masks.push(maskKey(line.secret));
      });
      const now = this.clock.now();
      const [{ inserted }] = (await this.txHost.tx.query(
        `WITH added AS (
           INSERT INTO card_keys.keys (id, goods_id, batch_id, blind_index, sealed_secret, mask, status, created_at, status_changed_at)
           SELECT k.id, $2, $3, k.bi, k.sealed, k.mask, 'available', $4, $4
             FROM unnest($1::uuid[], $5::bytea[], $6::bytea[], $7::text[]) AS k(id, bi, sealed, mask)
           ON CONFLICT (goods_id, blind_index) DO NOTHING
           RETURNING 1)
         SELECT count(*)::int AS inserted FROM added`,
        [ids, batch.goods_id, batch.id, now, indexes, sealed, masks],
      )) as [{ inserted: number }];
      await this.txHost.tx.query(
        `UPDATE card_keys.batches
            SET imported = imported + $2, duplicates = duplicates + $3, invalid = invalid + $4,
                invalid_samples = (SELECT coalesce(jsonb_agg(s), '[]') FROM (
                  SELECT s FROM jsonb_array_elements(invalid_samples || $5::jsonb) s LIMIT ${MAX_INVALID_SAMPLES}) x)
          WHERE id = $1`,
        [batch.id, inserted, ids.length - inserted, invalid, JSON.stringify(invalidSamples)],
      );
      await this.txHost.tx.query(`DELETE FROM card_keys.import_chunks WHERE batch_id = $1 AND seq = $2`, [batch.id, chunk.seq]);
      return true;
    });
  }

  private async complete(batch: BatchRow): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const [counts] = rowsOf<{ imported: number; duplicates: number; invalid: number }>(await this.txHost.tx.query(
        `UPDATE card_keys.batches SET status = 'completed', finished_at = $2
          WHERE id = $1 AND status = 'running' RETURNING imported, duplicates, invalid`,
        [batch.id, this.clock.now()],
      ));
      if (!counts) return; // another worker completed it
      const events: object[] = [
        new CardKeysImportedV1(batch.id, batch.goods_id, counts.imported, counts.duplicates, counts.invalid),
      ];
      if (counts.imported > 0) events.push(new StockAddedV1(batch.goods_id, counts.imported, 'imported'));
      await this.outbox.publish(...events);
      await this.stock.rearmLowStockReport(batch.goods_id);
      this.logger.log(`batch ${batch.id}: ${counts.imported} imported, ${counts.duplicates} duplicates, ${counts.invalid} invalid`);
    });
  }
}
