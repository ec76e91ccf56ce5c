import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { rowsOf } from '../../../platform/database/sql-result';
import type { TicketSla } from '../domain/ticket-sla';
import type { TicketCategory, TicketOrigin, TicketPriority, TicketStatus } from '../domain/ticket-terms';

/** A ticket row: who opened it, about what, and its SLA (the domain's TicketSla). */
export interface TicketRecord extends TicketSla {
  id: string;
  origin: TicketOrigin;
  causeKey: string | null;
  category: TicketCategory;
  subject: string;
  priority: TicketPriority;
  orderId: string | null;
  orderNo: string | null;
  memberId: string | null;
  contact: string | null;
  keyId: string | null;
  accessTokenHash: string | null;
  assigneeId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  origin: TicketOrigin;
  cause_key: string | null;
  category: TicketCategory;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  order_id: string | null;
  order_no: string | null;
  member_id: string | null;
  contact: string | null;
  key_id: string | null;
  access_token_hash: string | null;
  assignee_id: string | null;
  first_response_minutes: number;
  resolution_minutes: number;
  paused_ms: string;
  paused_since: Date | null;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_responded_at: Date | null;
  first_response_seconds: number | null;
  first_response_met: boolean | null;
  first_response_breached_at: Date | null;
  resolved_at: Date | null;
  handling_seconds: number | null;
  resolution_met: boolean | null;
  resolution_breached_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): TicketRecord => ({
  id: r.id,
  origin: r.origin,
  causeKey: r.cause_key,
  category: r.category,
  subject: r.subject,
  status: r.status,
  priority: r.priority,
  orderId: r.order_id,
  orderNo: r.order_no,
  memberId: r.member_id,
  contact: r.contact,
  keyId: r.key_id,
  accessTokenHash: r.access_token_hash,
  assigneeId: r.assignee_id,
  targets: { firstResponseMinutes: r.first_response_minutes, resolutionMinutes: r.resolution_minutes },
  // bigint arrives as a string; paused time stays far below 2^53 ms.
  clock: { openedAt: r.created_at, pausedMs: Number(r.paused_ms), pausedSince: r.paused_since },
  due: { firstResponseDueAt: r.first_response_due_at, resolutionDueAt: r.resolution_due_at },
  firstRespondedAt: r.first_responded_at,
  firstResponseSeconds: r.first_response_seconds,
  firstResponseMet: r.first_response_met,
  firstResponseBreachedAt: r.first_response_breached_at,
  resolvedAt: r.resolved_at,
  handlingSeconds: r.handling_seconds,
  resolutionMet: r.resolution_met,
  resolutionBreachedAt: r.resolution_breached_at,
  closedAt: r.closed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The columns a ticket's life changes (everything but who opened it, about what, and when). */
const MUTABLE = [
  'status',
  'priority',
  'assignee_id',
  'first_response_minutes',
  'resolution_minutes',
  'paused_ms',
  'paused_since',
  'first_response_due_at',
  'resolution_due_at',
  'first_responded_at',
  'first_response_seconds',
  'first_response_met',
  'first_response_breached_at',
  'resolved_at',
  'handling_seconds',
  'resolution_met',
  'resolution_breached_at',
  'closed_at',
  'updated_at',
] as const;

function mutableValues(t: TicketRecord): unknown[] {
  return [
    t.status,
    t.priority,
    t.assigneeId,
    t.targets.firstResponseMinutes,
    t.targets.resolutionMinutes,
    t.clock.pausedMs,
    t.clock.pausedSince,
    t.due.firstResponseDueAt,
    t.due.resolutionDueAt,
    t.firstRespondedAt,
    t.firstResponseSeconds,
    t.firstResponseMet,
    t.firstResponseBreachedAt,
    t.resolvedAt,
    t.handlingSeconds,
    t.resolutionMet,
    t.resolutionBreachedAt,
    t.closedAt,
    t.updatedAt,
  ];
}

export interface QueueFilter {
  statuses: TicketStatus[];
  priority?: TicketPriority;
  /** An admin id, or null for unassigned tickets; undefined for anyone's. */
  assigneeId?: string | null;
  limit: number;
  offset: number;
}

export interface QueuedTicket {
  ticket: TicketRecord;
  /** The next SLA due time as it stands now (paused tickets: moved by the pause so far). */
  nextDueAt: Date | null;
}

/** An SLA target the breach schedule just marked as breached. */
export interface MarkedBreach {
  ticketId: string;
  priority: TicketPriority;
  dueAt: Date;
}

/** Tickets: raw SQL over support.tickets; callers hold the transaction. */
@Injectable()
export class TicketStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Inserts the ticket; a system ticket whose cause already has one is not inserted (false). */
  async insert(t: TicketRecord): Promise<boolean> {
    const rows = await this.txHost.tx.query(
      `INSERT INTO support.tickets (id, origin, cause_key, category, subject, order_id, order_no, member_id, contact, key_id,
         access_token_hash, created_at, ${MUTABLE.join(', ')})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ${MUTABLE.map((_, i) => `$${i + 13}`).join(', ')})
       ON CONFLICT (cause_key) DO NOTHING
       RETURNING id`,
      [
        t.id,
        t.origin,
        t.causeKey,
        t.category,
        t.subject,
        t.orderId,
        t.orderNo,
        t.memberId,
        t.contact,
        t.keyId,
        t.accessTokenHash,
        t.createdAt,
        ...mutableValues(t),
      ],
    );
    return rowsOf(rows).length === 1;
  }

  async save(t: TicketRecord): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE support.tickets SET ${MUTABLE.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [t.id, ...mutableValues(t)],
    );
  }

  async byId(id: string, lock = false): Promise<TicketRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM support.tickets WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async byCause(causeKey: string, lock = false): Promise<TicketRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM support.tickets WHERE cause_key = $1${lock ? ' FOR UPDATE' : ''}`, [causeKey]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async listOfMember(memberId: string, status: TicketStatus | undefined, limit: number, offset: number): Promise<{ items: TicketRecord[]; total: number }> {
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT *, count(*) OVER ()::int AS total FROM support.tickets
        WHERE member_id = $1 AND origin = 'member' AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [memberId, status ?? null, limit, offset],
    );
    return { items: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }

  /** The work queue: earliest next due time first (the first response while none was given, then the resolution). */
  async queue(filter: QueueFilter, now: Date): Promise<{ items: QueuedTicket[]; total: number }> {
    const rows: Array<Row & { total: number; next_due_at: Date | null }> = await this.txHost.tx.query(
      `SELECT *, count(*) OVER ()::int AS total,
              CASE WHEN status = 'closed' THEN NULL
                   ELSE (CASE WHEN first_responded_at IS NULL THEN first_response_due_at ELSE resolution_due_at END)
                        + CASE WHEN paused_since IS NOT NULL THEN ($1::timestamptz - paused_since) ELSE interval '0' END
              END AS next_due_at
         FROM support.tickets
        WHERE status = ANY($2::text[])
          AND ($3::text IS NULL OR priority = $3)
          AND (NOT $4::boolean OR assignee_id IS NOT DISTINCT FROM $5::uuid)
        ORDER BY next_due_at NULLS LAST, created_at, id
        LIMIT $6 OFFSET $7`,
      [now, filter.statuses, filter.priority ?? null, filter.assigneeId !== undefined, filter.assigneeId ?? null, filter.limit, filter.offset],
    );
    return { items: rows.map((r) => ({ ticket: toRecord(r), nextDueAt: r.next_due_at })), total: rows[0]?.total ?? 0 };
  }

  /**
   * The buyer's other tickets, newest first: a member's by member (as orders finds a member's orders),
   * a guest's by contact (case-insensitive).
   */
  async othersOfBuyer(buyer: { memberId: string | null; contact: string | null }, exceptId: string, limit: number): Promise<TicketRecord[]> {
    if (!buyer.memberId && !buyer.contact) return [];
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM support.tickets
        WHERE id <> $1 AND (CASE WHEN $2::uuid IS NOT NULL THEN member_id = $2::uuid ELSE lower(contact) = lower($3::text) END)
        ORDER BY created_at DESC, id LIMIT $4`,
      [exceptId, buyer.memberId, buyer.contact, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * Marks first-response targets that have passed unanswered on tickets whose clock runs. The
   * conditional UPDATE is what makes a breach happen once: a concurrent run waits on the row lock
   * and then finds it already marked.
   */
  async markFirstResponseBreaches(now: Date, limit: number): Promise<MarkedBreach[]> {
    const rows: Array<{ id: string; priority: TicketPriority; due: Date }> = rowsOf(
      await this.txHost.tx.query(
        `UPDATE support.tickets SET first_response_breached_at = $1, updated_at = $1
          WHERE id IN (SELECT id FROM support.tickets
                        WHERE status = 'open' AND first_responded_at IS NULL AND first_response_breached_at IS NULL
                          AND first_response_due_at < $1
                        ORDER BY first_response_due_at LIMIT $2)
            AND status = 'open' AND first_responded_at IS NULL AND first_response_breached_at IS NULL AND first_response_due_at < $1
          RETURNING id, priority, first_response_due_at AS due`,
        [now, limit],
      ),
    );
    return rows.map((r) => ({ ticketId: r.id, priority: r.priority, dueAt: r.due }));
  }

  /** As markFirstResponseBreaches, for resolution targets. */
  async markResolutionBreaches(now: Date, limit: number): Promise<MarkedBreach[]> {
    const rows: Array<{ id: string; priority: TicketPriority; due: Date }> = rowsOf(
      await this.txHost.tx.query(
        `UPDATE support.tickets SET resolution_breached_at = $1, updated_at = $1
          WHERE id IN (SELECT id FROM support.tickets
                        WHERE status = 'open' AND resolution_breached_at IS NULL AND resolution_due_at < $1
                        ORDER BY resolution_due_at LIMIT $2)
            AND status = 'open' AND resolution_breached_at IS NULL AND resolution_due_at < $1
          RETURNING id, priority, resolution_due_at AS due`,
        [now, limit],
      ),
    );
    return rows.map((r) => ({ ticketId: r.id, priority: r.priority, dueAt: r.due }));
  }

  /** Resolved tickets resolved before the cutoff, locked (skipping rows another worker holds). */
  async resolvedBefore(cutoff: Date, limit: number): Promise<TicketRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM support.tickets WHERE status = 'resolved' AND resolved_at <= $1
        ORDER BY resolved_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
    );
    return rows.map(toRecord);
  }
}
