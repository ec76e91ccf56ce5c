import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { TicketActor } from '../domain/ticket-transitions';

export interface StatusChange {
  ticketId: string;
  from: string;
  to: string;
  action: string;
  actorType: TicketActor;
  actorId: string | null;
  at: Date;
}

/** Every move of a ticket through its transitions table, for the agent's view. */
@Injectable()
export class StatusChangeStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async record(c: StatusChange): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO support.status_changes (ticket_id, from_status, to_status, action, actor_type, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.ticketId, c.from, c.to, c.action, c.actorType, c.actorId, c.at],
    );
  }

  async ofTicket(ticketId: string): Promise<StatusChange[]> {
    const rows: Array<{ from_status: string; to_status: string; action: string; actor_type: TicketActor; actor_id: string | null; at: Date }> =
      await this.txHost.tx.query(`SELECT * FROM support.status_changes WHERE ticket_id = $1 ORDER BY seq`, [ticketId]);
    return rows.map((r) => ({ ticketId, from: r.from_status, to: r.to_status, action: r.action, actorType: r.actor_type, actorId: r.actor_id, at: r.at }));
  }
}
