import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export interface Sale {
  orderId: string;
  orderNo: string;
  buyerId: string;
  goodsId: string;
  paidMinor: number;
  refundedMinor: number;
  currency: string;
  /** In REFERRAL_CURRENCY: earns commission and counts in team sales. */
  counted: boolean;
  paidAt: Date;
}

interface Row {
  order_id: string;
  order_no: string;
  buyer_id: string;
  goods_id: string;
  paid_minor: number;
  refunded_minor: number;
  currency: string;
  counted: boolean;
  paid_at: Date;
}

const toRecord = (r: Row): Sale => ({
  orderId: r.order_id,
  orderNo: r.order_no,
  buyerId: r.buyer_id,
  goodsId: r.goods_id,
  paidMinor: r.paid_minor,
  refundedMinor: r.refunded_minor,
  currency: r.currency,
  counted: r.counted,
  paidAt: r.paid_at,
});

/** Paid orders of members: what was paid and what refunds have given back so far. */
@Injectable()
export class SaleStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Returns false when the order was recorded already (nothing is written). */
  async insert(sale: Sale, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO referrals.sales (order_id, order_no, buyer_id, goods_id, paid_minor, refunded_minor, currency, counted, paid_at, recorded_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, $9) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [sale.orderId, sale.orderNo, sale.buyerId, sale.goodsId, sale.paidMinor, sale.currency, sale.counted, sale.paidAt, now],
    );
    return rows.length > 0;
  }

  async byOrder(orderId: string, lock = false): Promise<Sale | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM referrals.sales WHERE order_id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [orderId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async setRefunded(orderId: string, refundedMinor: number, now: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE referrals.sales SET refunded_minor = $2, updated_at = $3 WHERE order_id = $1`, [orderId, refundedMinor, now]);
  }
}
