import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ImportBatchView {
  batchId: string;
  goodsId: string;
  source: string;
  status: string;
  linesReceived: number;
  imported: number;
  duplicates: number;
  invalid: number;
  invalidSamples: Array<{ line: number; reason: string }>;
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, goods_id, source, status, lines_received, imported, duplicates, invalid, invalid_samples,
                 error, created_by, created_at, finished_at`;

const toView = (r: Record<string, unknown>): ImportBatchView => ({
  batchId: r.id as string,
  goodsId: r.goods_id as string,
  source: r.source as string,
  status: r.status as string,
  linesReceived: r.lines_received as number,
  imported: r.imported as number,
  duplicates: r.duplicates as number,
  invalid: r.invalid as number,
  invalidSamples: r.invalid_samples as ImportBatchView['invalidSamples'],
  error: r.error as string | null,
  createdBy: r.created_by as string | null,
  createdAt: r.created_at as Date,
  finishedAt: r.finished_at as Date | null,
});

/** Progress and outcome of import batches, for the admin's progress bar. */
@Injectable()
export class ImportStatusQuery {
  constructor(private readonly dataSource: DataSource) {}

  async get(batchId: string): Promise<ImportBatchView | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM card_keys.batches WHERE id = $1`, [batchId]);
    return row ? toView(row) : null;
  }

  async list(goodsId: string, page: { limit: number; offset: number }): Promise<{ items: ImportBatchView[] }> {
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM card_keys.batches WHERE goods_id = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3`,
      [goodsId, page.limit, page.offset],
    );
    return { items: rows.map(toView) };
  }
}
