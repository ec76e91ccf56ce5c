import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../../../platform/clock/clock';

export interface SummaryWindow {
  /** Whole days, today included. */
  days: number;
  /** The admin's offset from UTC in minutes (UTC+8 → 480): where their days begin. */
  offsetMinutes: number;
}

interface DayRow {
  day: string;
  placed: number;
  paid: number;
}

interface SalesRow {
  day: string;
  currency: string;
  paid_orders: number;
  gross_minor: string;
  refunded_orders: number;
  refunded_minor: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Figures for the console's dashboard, from orders' own table: orders placed and paid (conversion
 * from placed to paid, by the day an order was placed) and sales (by the day money came in, per
 * currency; refunded orders are refunded in full, so their paid amount is what went back).
 */
@Injectable()
export class OrderSummary {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  async of(window: SummaryWindow) {
    const offset = window.offsetMinutes * MINUTE;
    const localNow = this.clock.now().getTime() + offset;
    const from = new Date(Math.floor(localNow / DAY) * DAY - (window.days - 1) * DAY - offset);
    const to = new Date(from.getTime() + window.days * DAY);
    const localDay = (column: string) => `to_char((${column} AT TIME ZONE 'UTC') + make_interval(mins => $3::int), 'YYYY-MM-DD')`;

    const placed: DayRow[] = await this.txHost.tx.query(
      `SELECT ${localDay('created_at')} AS day, count(*)::int AS placed, count(paid_at)::int AS paid
         FROM orders.orders WHERE created_at >= $1 AND created_at < $2 GROUP BY 1`,
      [from, to, window.offsetMinutes],
    );
    const sales: SalesRow[] = await this.txHost.tx.query(
      `SELECT ${localDay('paid_at')} AS day, currency,
              count(*)::int AS paid_orders, coalesce(sum(paid_amount_minor), 0)::text AS gross_minor,
              count(*) FILTER (WHERE status = 'refunded')::int AS refunded_orders,
              coalesce(sum(paid_amount_minor) FILTER (WHERE status = 'refunded'), 0)::text AS refunded_minor
         FROM orders.orders WHERE paid_at >= $1 AND paid_at < $2 GROUP BY 1, 2`,
      [from, to, window.offsetMinutes],
    );

    const days = Array.from({ length: window.days }, (_, i) => new Date(from.getTime() + offset + i * DAY).toISOString().slice(0, 10));
    const byDay = days.map((day) => {
      const p = placed.find((r) => r.day === day);
      const s = sales.filter((r) => r.day === day);
      return {
        day,
        placed: p?.placed ?? 0,
        paidOfPlaced: p?.paid ?? 0,
        sales: s.map((r) => ({ currency: r.currency, grossMinor: Number(r.gross_minor), paidOrders: r.paid_orders })),
      };
    });
    const totals = new Map<string, { currency: string; paidOrders: number; grossMinor: number; refundedOrders: number; refundedMinor: number; netMinor: number }>();
    for (const r of sales) {
      const t = totals.get(r.currency) ?? { currency: r.currency, paidOrders: 0, grossMinor: 0, refundedOrders: 0, refundedMinor: 0, netMinor: 0 };
      t.paidOrders += r.paid_orders;
      t.grossMinor += Number(r.gross_minor);
      t.refundedOrders += r.refunded_orders;
      t.refundedMinor += Number(r.refunded_minor);
      t.netMinor = t.grossMinor - t.refundedMinor;
      totals.set(r.currency, t);
    }
    const placedTotal = byDay.reduce((n, d) => n + d.placed, 0);
    const paidOfPlaced = byDay.reduce((n, d) => n + d.paidOfPlaced, 0);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      days: window.days,
      placed: placedTotal,
      paidOfPlaced,
      conversionRate: placedTotal === 0 ? null : Math.round((paidOfPlaced / placedTotal) * 10_000) / 10_000,
      sales: [...totals.values()].sort((a, b) => b.grossMinor - a.grossMinor),
      byDay,
    };
  }
}
