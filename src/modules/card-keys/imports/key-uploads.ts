import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { Clock } from '../../../platform/clock/clock';
import { JobQueue } from '../../../platform/queue/job-queue';
import { CardKeyCipher } from '../vault/card-key-cipher';
import { IMPORT_QUEUE, ImportJob } from './import-queue';

export type ImportSource = 'text' | 'file' | 'json';

export interface UploadResult {
  batchId: string;
  linesReceived: number;
  status: 'queued';
}

/**
 * Receives an import: lines are streamed into sealed chunks (never held whole in memory, never
 * stored in plain text), then one job does the slow part. The request ends when the upload ends,
 * however many keys it carries.
 */
@Injectable()
export class KeyUploads {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: CardKeyCipher,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async upload(goodsId: string, source: ImportSource, lines: AsyncIterable<string> | Iterable<string>, createdBy: string): Promise<UploadResult> {
    const batchId = randomUUID();
    const { dataKey, masterKeyId, wrapped } = this.cipher.newBatchKey(batchId);
    await this.dataSource.query(
      `INSERT INTO card_keys.batches (id, goods_id, source, status, master_key_id, wrapped_data_key, created_by, created_at)
       VALUES ($1, $2, $3, 'uploading', $4, $5, $6, $7)`,
      [batchId, goodsId, source, masterKeyId, wrapped, createdBy, this.clock.now()],
    );
    let received = 0;
    let seq = 0;
    let chunk: string[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const sealed = this.cipher.sealChunk(dataKey, batchId, seq, chunk.join('\n'));
      await this.dataSource.query(
        `INSERT INTO card_keys.import_chunks (batch_id, seq, first_line, sealed_lines) VALUES ($1, $2, $3, $4)`,
        [batchId, seq, received - chunk.length + 1, sealed],
      );
      seq += 1;
      chunk = [];
    };
    try {
      for await (const line of lines) {
        // A line holding a newline would shift every later line: split it here.
        for (const part of line.split(/\r?\n/)) {
          chunk.push(part);
          received += 1;
          if (chunk.length >= this.config.CARD_KEY_IMPORT_CHUNK_SIZE) await flush();
        }
      }
      await flush();
    } catch (error) {
      await this.fail(batchId, `upload interrupted: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    await this.dataSource.query(
      `UPDATE card_keys.batches SET status = 'queued', lines_received = $2 WHERE id = $1`,
      [batchId, received],
    );
    await this.jobs.add<ImportJob>(IMPORT_QUEUE, 'import', { batchId }, { jobId: `import:${batchId}`, attempts: 5, backoffMs: 5000 });
    return { batchId, linesReceived: received, status: 'queued' };
  }

  private async fail(batchId: string, error: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM card_keys.import_chunks WHERE batch_id = $1`, [batchId]);
    await this.dataSource.query(
      `UPDATE card_keys.batches SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1`,
      [batchId, error, this.clock.now()],
    );
  }
}
