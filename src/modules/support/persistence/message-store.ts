import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export interface Attachment {
  url: string;
  name: string | null;
}

export interface MessageRecord {
  id: string;
  ticketId: string;
  authorType: 'buyer' | 'agent' | 'system';
  /** The member (buyer), the admin (agent); null for a guest buyer and the system. */
  authorId: string | null;
  /** Internal notes are for agents only: no buyer-facing query ever reads them. */
  internal: boolean;
  body: string;
  attachments: Attachment[];
  createdAt: Date;
}

interface Row {
  id: string;
  ticket_id: string;
  author_type: MessageRecord['authorType'];
  author_id: string | null;
  internal: boolean;
  body: string;
  attachments: Attachment[];
  created_at: Date;
}

const toRecord = (r: Row): MessageRecord => ({
  id: r.id,
  ticketId: r.ticket_id,
  authorType: r.author_type,
  authorId: r.author_id,
  internal: r.internal,
  body: r.body,
  attachments: r.attachments,
  createdAt: r.created_at,
});

/** A ticket's conversation: messages both sides, and agents' internal notes. */
@Injectable()
export class MessageStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insert(m: MessageRecord): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO support.messages (id, ticket_id, author_type, author_id, internal, body, attachments, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [m.id, m.ticketId, m.authorType, m.authorId, m.internal, m.body, JSON.stringify(m.attachments), m.createdAt],
    );
  }

  /** What the buyer may read: public messages only, in the order they were written. */
  async publicOf(ticketId: string): Promise<MessageRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM support.messages WHERE ticket_id = $1 AND NOT internal ORDER BY seq`, [ticketId]);
    return rows.map(toRecord);
  }

  /** Everything, internal notes included: for agents. */
  async allOf(ticketId: string): Promise<MessageRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM support.messages WHERE ticket_id = $1 ORDER BY seq`, [ticketId]);
    return rows.map(toRecord);
  }
}
