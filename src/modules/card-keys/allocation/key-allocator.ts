import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { affectedOf, rowsOf } from '../../../platform/database/sql-result';
import { EventOutbox } from '../../../platform/events';
import { BusinessRuleError, ConflictError, NotFoundError } from '../../../platform/http/app-error';
import type { DeliveredKey, KeyReservation } from '../public/card-keys.contracts';
import { OutOfStockError } from '../public/card-keys.errors';
import { StockAddedV1 } from '../public/card-keys.events';
import { GoodsSettings } from '../stock/goods-settings';
import { StockWatch } from '../stock/stock-watch';
import { KeyReader } from '../vault/key-reader';

interface ReservationRow {
  order_id: string;
  line_id: string;
  goods_id: string;
  quantity: number;
  expires_at: Date;
  status: string;
}

const toReservation = (r: ReservationRow): KeyReservation => ({
  orderId: r.order_id,
  lineId: r.line_id,
  goodsId: r.goods_id,
  quantity: r.quantity,
  expiresAt: r.expires_at.toISOString(),
});

/**
 * Reserves, sells, releases and replaces keys. Every method joins the caller's transaction (or
 * opens one); the ones that can fail halfway (out of stock) run in a savepoint, so a caller that
 * catches the failure and goes on keeps none of their partial writes. Keys are taken with `FOR UPDATE SKIP LOCKED`: concurrent orders take different
 * keys without waiting on each other, and a key is never handed to two orders.
 */
@Injectable()
export class KeyAllocator {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly settings: GoodsSettings,
    private readonly stock: StockWatch,
    private readonly reader: KeyReader,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  reserve(input: { orderId: string; lineId: string; goodsId: string; quantity: number; expiresAt: Date }): Promise<KeyReservation> {
    assertQuantity(input.quantity);
    return this.txHost.withTransaction(Propagation.Nested, async () => {
      const now = this.clock.now();
      const [created] = (await this.txHost.tx.query(
        `INSERT INTO card_keys.reservations (order_id, line_id, goods_id, quantity, expires_at, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'active', $6) ON CONFLICT DO NOTHING RETURNING *`,
        [input.orderId, input.lineId, input.goodsId, input.quantity, input.expiresAt, now],
      )) as ReservationRow[];
      if (!created) return this.existingReservation(input);

      const { reusable } = await this.settings.get(input.goodsId);
      if (reusable) {
        const [any] = (await this.txHost.tx.query(
          `SELECT 1 FROM card_keys.keys WHERE goods_id = $1 AND status = 'available' LIMIT 1`,
          [input.goodsId],
        )) as unknown[];
        if (!any) throw new OutOfStockError(input.goodsId, input.quantity);
        return toReservation(created);
      }
      const taken = await this.take(input.goodsId, input.quantity, {
        status: 'reserved',
        orderId: input.orderId,
        lineId: input.lineId,
        until: input.expiresAt,
      });
      if (taken.length < input.quantity) throw new OutOfStockError(input.goodsId, input.quantity);
      await this.stock.reportIfLow(input.goodsId);
      return toReservation(created);
    });
  }

  release(input: { orderId: string; lineId?: string }): Promise<number> {
    return this.txHost.withTransaction(async () => {
      const lineFilter = input.lineId === undefined ? '' : 'AND reserved_line_id = $2';
      const params = input.lineId === undefined ? [input.orderId] : [input.orderId, input.lineId];
      const released: Array<{ goods_id: string; n: number }> = await this.txHost.tx.query(
        `WITH back AS (
           UPDATE card_keys.keys SET status = 'available', reserved_order_id = NULL, reserved_line_id = NULL,
                  reserved_until = NULL, status_changed_at = now()
            WHERE reserved_order_id = $1 ${lineFilter} AND status = 'reserved'
           RETURNING goods_id)
         SELECT goods_id, count(*)::int AS n FROM back GROUP BY goods_id`,
        params,
      );
      await this.txHost.tx.query(
        `UPDATE card_keys.reservations SET status = 'released'
          WHERE order_id = $1 ${input.lineId === undefined ? '' : 'AND line_id = $2'} AND status = 'active'`,
        params,
      );
      await this.publishReturned(released);
      return released.reduce((sum, r) => sum + r.n, 0);
    });
  }

  /** Gives back the keys of reservations whose time ran out; returns how many reservations lapsed. */
  releaseLapsed(): Promise<number> {
    return this.txHost.withTransaction(async () => {
      const now = this.clock.now();
      const lapsed = affectedOf(
        await this.txHost.tx.query(
          `UPDATE card_keys.reservations SET status = 'lapsed' WHERE status = 'active' AND expires_at <= $1`,
          [now],
        ),
      );
      const released: Array<{ goods_id: string; n: number }> = await this.txHost.tx.query(
        `WITH back AS (
           UPDATE card_keys.keys SET status = 'available', reserved_order_id = NULL, reserved_line_id = NULL,
                  reserved_until = NULL, status_changed_at = $1
            WHERE status = 'reserved' AND reserved_until <= $1
           RETURNING goods_id)
         SELECT goods_id, count(*)::int AS n FROM back GROUP BY goods_id`,
        [now],
      );
      await this.publishReturned(released);
      return lapsed;
    });
  }

  deliver(input: { orderId: string; lineId: string; goodsId: string; quantity: number }): Promise<DeliveredKey[]> {
    assertQuantity(input.quantity);
    return this.txHost.withTransaction(Propagation.Nested, async () => {
      const now = this.clock.now();
      const [claimed] = (await this.txHost.tx.query(
        `INSERT INTO card_keys.line_deliveries (order_id, line_id, goods_id, quantity, delivered_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING order_id`,
        [input.orderId, input.lineId, input.goodsId, input.quantity, now],
      )) as unknown[];
      if (claimed) await this.sell(input, now);
      return this.keysOfLine(input.orderId, input.lineId, claimed ? 'card-keys.deliver' : 'card-keys.redeliver');
    });
  }

  async deliveredKeys(input: { orderId: string; reason: string }): Promise<DeliveredKey[]> {
    const sales: Array<{ key_id: string }> = await this.txHost.tx.query(
      `SELECT key_id FROM card_keys.sales WHERE order_id = $1 AND replaced_at IS NULL ORDER BY line_id, position`,
      [input.orderId],
    );
    const opened = await this.reader.open(
      sales.map((s) => s.key_id),
      { action: 'card-keys.resend', targetType: 'order', targetId: input.orderId, reason: input.reason },
    );
    return opened.map(({ keyId, goodsId, secret }) => ({ keyId, goodsId, secret }));
  }

  replaceKey(input: { orderId: string; keyId: string; reason: string }): Promise<DeliveredKey> {
    return this.txHost.withTransaction(Propagation.Nested, async () => {
      const [sale] = (await this.txHost.tx.query(
        `SELECT id, line_id, goods_id, position FROM card_keys.sales
          WHERE order_id = $1 AND key_id = $2 AND replaced_at IS NULL FOR UPDATE`,
        [input.orderId, input.keyId],
      )) as Array<{ id: string; line_id: string; goods_id: string; position: number }>;
      if (!sale) throw new NotFoundError(`Key ${input.keyId} is not a current key of order ${input.orderId}`, 'sold_key_not_found');
      const now = this.clock.now();
      await this.txHost.tx.query(
        `UPDATE card_keys.keys SET status = 'defective', status_changed_at = $2 WHERE id = $1`,
        [input.keyId, now],
      );
      const [fresh] = await this.take(sale.goods_id, 1, { status: 'sold' });
      if (!fresh) throw new OutOfStockError(sale.goods_id, 1);
      await this.txHost.tx.query(`UPDATE card_keys.sales SET replaced_at = $2 WHERE id = $1`, [sale.id, now]);
      await this.txHost.tx.query(
        `INSERT INTO card_keys.sales (id, order_id, line_id, key_id, goods_id, position, sold_at, replaces_sale_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [randomUUID(), input.orderId, sale.line_id, fresh, sale.goods_id, sale.position, now, sale.id],
      );
      await this.audit.record({
        action: 'card-keys.replace',
        targetType: 'order',
        targetId: input.orderId,
        reason: input.reason,
        details: { defectiveKeyId: input.keyId, newKeyId: fresh },
      });
      await this.stock.reportIfLow(sale.goods_id);
      const [opened] = await this.reader.open([fresh], {
        action: 'card-keys.deliver',
        targetType: 'order',
        targetId: input.orderId,
        reason: 'replacement',
      });
      return opened;
    });
  }

  /** Sells a line: its reserved keys first (even if the reservation lapsed), then fresh ones. */
  private async sell(input: { orderId: string; lineId: string; goodsId: string; quantity: number }, now: Date): Promise<void> {
    const { reusable } = await this.settings.get(input.goodsId);
    let keyIds: string[];
    if (reusable) {
      const [key] = (await this.txHost.tx.query(
        `SELECT id FROM card_keys.keys WHERE goods_id = $1 AND status = 'available' ORDER BY created_at, id LIMIT 1`,
        [input.goodsId],
      )) as Array<{ id: string }>;
      if (!key) throw new OutOfStockError(input.goodsId, input.quantity);
      keyIds = Array<string>(input.quantity).fill(key.id);
    } else {
      const reserved = rowsOf<{ id: string }>(await this.txHost.tx.query(
        `UPDATE card_keys.keys SET status = 'sold', reserved_order_id = NULL, reserved_line_id = NULL,
                reserved_until = NULL, status_changed_at = $3
          WHERE id IN (SELECT id FROM card_keys.keys
                        WHERE reserved_order_id = $1 AND reserved_line_id = $2 AND status = 'reserved'
                        ORDER BY created_at, id LIMIT $4 FOR UPDATE)
          RETURNING id`,
        [input.orderId, input.lineId, now, input.quantity],
      ));
      keyIds = reserved.map((k) => k.id);
      if (keyIds.length < input.quantity) {
        const fresh = await this.take(input.goodsId, input.quantity - keyIds.length, { status: 'sold' });
        if (keyIds.length + fresh.length < input.quantity) throw new OutOfStockError(input.goodsId, input.quantity);
        keyIds.push(...fresh);
      }
    }
    await this.txHost.tx.query(
      `INSERT INTO card_keys.sales (id, order_id, line_id, key_id, goods_id, position, sold_at)
       SELECT gen_random_uuid(), $1, $2, k.key_id, $3, k.position - 1, $4
         FROM unnest($5::uuid[]) WITH ORDINALITY AS k(key_id, position)`,
      [input.orderId, input.lineId, input.goodsId, now, keyIds],
    );
    await this.txHost.tx.query(
      `UPDATE card_keys.reservations SET status = 'delivered' WHERE order_id = $1 AND line_id = $2`,
      [input.orderId, input.lineId],
    );
    await this.stock.reportIfLow(input.goodsId);
  }

  private async keysOfLine(orderId: string, lineId: string, action: string): Promise<DeliveredKey[]> {
    const sales: Array<{ key_id: string }> = await this.txHost.tx.query(
      `SELECT key_id FROM card_keys.sales WHERE order_id = $1 AND line_id = $2 AND replaced_at IS NULL ORDER BY position`,
      [orderId, lineId],
    );
    const opened = await this.reader.open(
      sales.map((s) => s.key_id),
      { action, targetType: 'order', targetId: orderId },
    );
    return opened.map(({ keyId, goodsId, secret }) => ({ keyId, goodsId, secret }));
  }

  /** Takes up to `quantity` available keys, skipping keys other transactions hold. */
  private async take(
    goodsId: string,
    quantity: number,
    as: { status: 'sold' } | { status: 'reserved'; orderId: string; lineId: string; until: Date },
  ): Promise<string[]> {
    const reserved = as.status === 'reserved';
    const rows = rowsOf<{ id: string }>(await this.txHost.tx.query(
      `UPDATE card_keys.keys k
          SET status = $3, reserved_order_id = $4, reserved_line_id = $5, reserved_until = $6, status_changed_at = $7
         FROM (SELECT id FROM card_keys.keys WHERE goods_id = $1 AND status = 'available'
                ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) picked
        WHERE k.id = picked.id
        RETURNING k.id`,
      [
        goodsId,
        quantity,
        as.status,
        reserved ? as.orderId : null,
        reserved ? as.lineId : null,
        reserved ? as.until : null,
        this.clock.now(),
      ],
    ));
    return rows.map((r) => r.id);
  }

  private async existingReservation(input: { orderId: string; lineId: string; goodsId: string; quantity: number }): Promise<KeyReservation> {
    const [row] = (await this.txHost.tx.query(
      `SELECT * FROM card_keys.reservations WHERE order_id = $1 AND line_id = $2`,
      [input.orderId, input.lineId],
    )) as ReservationRow[];
    if (row.goods_id !== input.goodsId || row.quantity !== input.quantity) {
      throw new ConflictError('This order line already holds a different reservation', 'reservation_mismatch');
    }
    return toReservation(row);
  }

  private async publishReturned(released: Array<{ goods_id: string; n: number }>): Promise<void> {
    if (released.length === 0) return;
    await this.outbox.publish(...released.map((r) => new StockAddedV1(r.goods_id, r.n, 'released')));
    for (const r of released) await this.stock.rearmLowStockReport(r.goods_id);
  }
}

function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10_000) {
    throw new BusinessRuleError(`Quantity must be a whole number from 1 to 10000 (got ${quantity})`, 'invalid_quantity');
  }
}
