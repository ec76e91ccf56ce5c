import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { rowsOf } from '../../../platform/database/sql-result';
import { ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { GoodsSettings, VaultSettings } from '../stock/goods-settings';
import { StockWatch } from '../stock/stock-watch';
import { KeyReader } from './key-reader';

export interface MaskedKey {
  keyId: string;
  mask: string;
  status: string;
  batchId: string;
  createdAt: Date;
  statusChangedAt: Date;
  reservedOrderId: string | null;
}

const EXPORT_PAGE = 1000;

/** What an admin does to a goods item's keys; decrypting ones audited by KeyReader. */
@Injectable()
export class VaultAdmin {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reader: KeyReader,
    private readonly settings: GoodsSettings,
    private readonly stock: StockWatch,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async listMasked(goodsId: string, query: { status?: string; limit: number; offset: number }) {
    const rows: Array<Record<string, unknown>> = await this.txHost.tx.query(
      `SELECT id, mask, status, batch_id, created_at, status_changed_at, reserved_order_id
         FROM card_keys.keys WHERE goods_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [goodsId, query.status ?? null, query.limit, query.offset],
    );
    const [{ total }] = (await this.txHost.tx.query(
      `SELECT count(*)::int AS total FROM card_keys.keys WHERE goods_id = $1 AND ($2::text IS NULL OR status = $2)`,
      [goodsId, query.status ?? null],
    )) as [{ total: number }];
    const items: MaskedKey[] = rows.map((r) => ({
      keyId: r.id as string,
      mask: r.mask as string,
      status: r.status as string,
      batchId: r.batch_id as string,
      createdAt: r.created_at as Date,
      statusChangedAt: r.status_changed_at as Date,
      reservedOrderId: r.reserved_order_id as string | null,
    }));
    return { items, total };
  }

  async reveal(goodsId: string, keyIds: string[], reason: string) {
    const owned: Array<{ id: string }> = await this.txHost.tx.query(
      `SELECT id FROM card_keys.keys WHERE goods_id = $1 AND id = ANY($2::uuid[])`,
      [goodsId, keyIds],
    );
    if (owned.length !== new Set(keyIds).size) throw new NotFoundError('Some of these keys are not keys of this goods item', 'card_key_not_found');
    const keys = await this.reader.open(keyIds, { action: 'card-keys.reveal', targetType: 'goods', targetId: goodsId, reason });
    return { keys: keys.map(({ keyId, secret }) => ({ keyId, secret })) };
  }

  /** Yields the export a page at a time, so a large export never sits whole in memory. */
  async *export(goodsId: string, status: string, reason: string): AsyncGenerator<string> {
    await this.audit.record({ action: 'card-keys.export', targetType: 'goods', targetId: goodsId, reason, details: { status } });
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page: Array<{ id: string }> = await this.txHost.tx.query(
        `SELECT id FROM card_keys.keys WHERE goods_id = $1 AND status = $2 AND id > $3 ORDER BY id LIMIT ${EXPORT_PAGE}`,
        [goodsId, status, after],
      );
      if (page.length === 0) return;
      const keys = await this.reader.open(
        page.map((p) => p.id),
        { action: 'card-keys.export', targetType: 'goods', targetId: goodsId, reason },
      );
      yield keys.map((k) => `${k.secret}\n`).join('');
      after = page[page.length - 1].id;
    }
  }

  async voidKey(keyId: string, reason: string) {
    const key = rowsOf<{ id: string; goods_id: string }>(await this.txHost.tx.query(
      `UPDATE card_keys.keys SET status = 'void', status_changed_at = $2 WHERE id = $1 AND status = 'available'
       RETURNING id, goods_id`,
      [keyId, this.clock.now()],
    ));
    if (!key[0]) {
      const [exists] = (await this.txHost.tx.query(`SELECT status FROM card_keys.keys WHERE id = $1`, [keyId])) as Array<{ status: string }>;
      if (!exists) throw new NotFoundError(`No card key ${keyId}`, 'card_key_not_found');
      throw new ConflictError(`Only an available key can be voided; this one is ${exists.status}`, 'card_key_not_available');
    }
    await this.audit.record({ action: 'card-keys.void', targetType: 'card-key', targetId: keyId, reason, details: { goodsId: key[0].goods_id } });
    await this.stock.reportIfLow(key[0].goods_id);
    return { keyId, status: 'void' };
  }

  async updateSettings(settings: VaultSettings): Promise<VaultSettings> {
    const before = await this.settings.get(settings.goodsId);
    const after = await this.settings.set(settings);
    await this.audit.record({
      action: 'card-keys.settings',
      targetType: 'goods',
      targetId: settings.goodsId,
      details: { before, after },
    });
    return after;
  }
}
