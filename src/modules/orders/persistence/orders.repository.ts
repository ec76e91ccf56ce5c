import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { rowsOf } from '../../../platform/database/sql-result';
import { OrderRow } from './order-row';

export type NewOrder = Omit<
  OrderRow,
  'payment_id' | 'payment_channel' | 'pay_url' | 'qr_content' | 'paid_payment_id' | 'paid_amount_minor' | 'paid_at' | 'delivered_at' | 'closed_at' | 'fulfilment_note'
>;

const COLUMNS = [
  'id', 'order_no', 'status', 'goods_id', 'goods_title', 'goods_version', 'delivery_type', 'quantity',
  'unit_price_minor', 'subtotal_minor', 'adjustment_minor', 'total_minor', 'currency', 'adjustments',
  'promotion_note', 'contact', 'query_password_hash', 'member_id', 'buyer_inputs', 'buyer_language', 'created_at',
  'expires_at', 'updated_at',
] as const;

export interface OrderFilter {
  status?: string;
  orderNo?: string;
  contact?: string;
  goodsId?: string;
  memberId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** orders.orders and its history, through the ambient transaction. */
@Injectable()
export class OrdersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insert(order: NewOrder): Promise<void> {
    const values = COLUMNS.map((c) => {
      const v = order[c];
      return c === 'adjustments' || c === 'buyer_inputs' ? JSON.stringify(v) : v;
    });
    await this.txHost.tx.query(
      `INSERT INTO orders.orders (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  }

  async byId(id: string, lock = false): Promise<OrderRow | undefined> {
    const [row] = (await this.txHost.tx.query(`SELECT * FROM orders.orders WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id])) as OrderRow[];
    return row;
  }

  async byOrderNo(orderNo: string): Promise<OrderRow | undefined> {
    const [row] = (await this.txHost.tx.query(`SELECT * FROM orders.orders WHERE order_no = $1`, [orderNo])) as OrderRow[];
    return row;
  }

  /** Sets the given columns (names are code constants, never input). */
  async update(id: string, patch: Partial<OrderRow>): Promise<void> {
    const entries = Object.entries(patch);
    if (entries.length === 0) return;
    await this.txHost.tx.query(
      `UPDATE orders.orders SET ${entries.map(([k], i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [id, ...entries.map(([, v]) => v)],
    );
  }

  /** Removes an order whose checkout was undone (nothing was paid, no event was published). */
  async remove(id: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM orders.order_transitions WHERE order_id = $1`, [id]);
    await this.txHost.tx.query(`DELETE FROM orders.orders WHERE id = $1`, [id]);
  }

  async recordTransition(t: { orderId: string; from: string | null; to: string; action: string; reason?: string; actor: string; at: Date }): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO orders.order_transitions (order_id, from_status, to_status, action, reason, actor, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [t.orderId, t.from, t.to, t.action, t.reason ?? null, t.actor, t.at],
    );
  }

  async transitions(orderId: string) {
    return this.txHost.tx.query(
      `SELECT from_status AS "from", to_status AS "to", action, reason, actor, at
         FROM orders.order_transitions WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
  }

  /** Unpaid orders whose payment window has closed, oldest first, locked for expiry. */
  async lockExpired(now: Date, limit: number): Promise<OrderRow[]> {
    return this.txHost.tx.query(
      `SELECT * FROM orders.orders WHERE status = 'pending_payment' AND expires_at <= $1
        ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async awaitingStockIds(goodsId: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.txHost.tx.query(
      `SELECT id FROM orders.orders WHERE goods_id = $1 AND status = 'paid_awaiting_stock' ORDER BY paid_at LIMIT $2`,
      [goodsId, limit],
    );
    return rows.map((r) => r.id);
  }

  async list(filter: OrderFilter): Promise<{ items: OrderRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.orderNo) add('order_no = ?', filter.orderNo);
    if (filter.contact) add('lower(contact) = lower(?)', filter.contact);
    if (filter.goodsId) add('goods_id = ?', filter.goodsId);
    if (filter.memberId) add('member_id = ?', filter.memberId);
    if (filter.from) add('created_at >= ?', filter.from);
    if (filter.to) add('created_at < ?', filter.to);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const items: OrderRow[] = await this.txHost.tx.query(
      `SELECT * FROM orders.orders ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    const [{ total }] = (await this.txHost.tx.query(`SELECT count(*)::int AS total FROM orders.orders ${clause}`, params)) as [
      { total: number },
    ];
    return { items, total };
  }

  /** Gives a guest order to a member; false when it belongs to someone already. */
  async claimForMember(orderId: string, memberId: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `UPDATE orders.orders SET member_id = $2, updated_at = $3 WHERE id = $1 AND (member_id IS NULL OR member_id = $2) RETURNING id`,
      [orderId, memberId, now],
    );
    return rowsOf(rows).length === 1;
  }

  /** Remembers a payment that came for an already settled order; false if already recorded. */
  async recordDuplicatePayment(d: { paymentId: string; orderId: string; amountMinor: number; outcome: string; at: Date }): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO orders.duplicate_payments (payment_id, order_id, amount_minor, outcome, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (payment_id) DO NOTHING RETURNING payment_id`,
      [d.paymentId, d.orderId, d.amountMinor, d.outcome, d.at],
    );
    return rows.length > 0;
  }
}
