import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export type LedgerKind = 'earn' | 'revoke';

export interface LedgerEntry {
  id: string;
  memberId: string;
  orderId: string;
  orderNo: string;
  eventId: string;
  kind: LedgerKind;
  amountMinor: number;
  currency: string;
  rate: number;
  /** Signed: + earned, − taken back. */
  points: number;
  spendMinor: number;
  at: Date;
}

interface Row {
  id: string;
  member_id: string;
  order_id: string;
  order_no: string;
  event_id: string;
  kind: LedgerKind;
  amount_minor: number;
  currency: string;
  rate: number;
  points: number;
  spend_minor: number;
  at: Date;
}

const toEntry = (r: Row): LedgerEntry => ({
  id: r.id,
  memberId: r.member_id,
  orderId: r.order_id,
  orderNo: r.order_no,
  eventId: r.event_id,
  kind: r.kind,
  amountMinor: r.amount_minor,
  currency: r.currency,
  rate: r.rate,
  points: r.points,
  spendMinor: r.spend_minor,
  at: r.at,
});

const COLUMNS = 'id, member_id, order_id, order_no, event_id, kind, amount_minor, currency, rate, points, spend_minor, at';

/** The append-only points ledger: one earn row per paid order, one revoke row per refund. */
@Injectable()
export class PointsLedgerStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** False when a row for this event (or a second earn row for the order) exists: nothing is written then. */
  async append(e: LedgerEntry): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO membership.points_ledger (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT DO NOTHING RETURNING id`,
      [e.id, e.memberId, e.orderId, e.orderNo, e.eventId, e.kind, e.amountMinor, e.currency, e.rate, e.points, e.spendMinor, e.at],
    );
    return rows.length === 1;
  }

  async ofOrder(orderId: string): Promise<LedgerEntry[]> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM membership.points_ledger WHERE order_id = $1 ORDER BY at, id`, [orderId]);
    return rows.map(toEntry);
  }

  async ofMember(memberId: string, limit: number, offset: number): Promise<{ items: LedgerEntry[]; total: number }> {
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM membership.points_ledger
        WHERE member_id = $1 ORDER BY at DESC, id LIMIT $2 OFFSET $3`,
      [memberId, limit, offset],
    );
    return { items: rows.map(toEntry), total: rows[0]?.total ?? 0 };
  }
}
