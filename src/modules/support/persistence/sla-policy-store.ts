import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { SlaPolicy } from '../domain/sla-policy';
import type { TicketPriority } from '../domain/ticket-terms';

export interface SlaPolicyRecord extends SlaPolicy {
  updatedAt: Date;
}

interface Row {
  priority: TicketPriority;
  first_response_minutes: number;
  resolution_minutes: number;
  updated_at: Date;
}

const toRecord = (r: Row): SlaPolicyRecord => ({
  priority: r.priority,
  firstResponseMinutes: r.first_response_minutes,
  resolutionMinutes: r.resolution_minutes,
  updatedAt: r.updated_at,
});

/** One SLA policy per priority (the migration seeds all four; they are edited, never added or removed). */
@Injectable()
export class SlaPolicyStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async all(): Promise<SlaPolicyRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT * FROM support.sla_policies ORDER BY array_position(ARRAY['urgent', 'high', 'normal', 'low'], priority)`,
    );
    return rows.map(toRecord);
  }

  async of(priority: TicketPriority, lock = false): Promise<SlaPolicyRecord> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM support.sla_policies WHERE priority = $1${lock ? ' FOR UPDATE' : ''}`, [priority]);
    if (!rows[0]) throw new Error(`No SLA policy for priority ${priority}: the migration seeds one per priority`);
    return toRecord(rows[0]);
  }

  async save(p: SlaPolicyRecord): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE support.sla_policies SET first_response_minutes = $2, resolution_minutes = $3, updated_at = $4 WHERE priority = $1`,
      [p.priority, p.firstResponseMinutes, p.resolutionMinutes, p.updatedAt],
    );
  }
}
