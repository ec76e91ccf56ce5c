import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Support: tickets (from buyers, or opened by the shop on an event, one per cause), their messages
 * and internal notes, the history of their statuses, and the SLA policies per priority with the
 * defaults below. A ticket keeps the targets of the policy it was opened under (or re-prioritised
 * under) and its SLA clock: the running-time due dates, the paused time, and the outcome of each
 * target once decided (kept on the row so the figures are plain SQL over it).
 */
export class SupportTickets1795557000000 implements MigrationInterface {
  name = 'SupportTickets1795557000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE support.sla_policies (
        priority text PRIMARY KEY CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        first_response_minutes integer NOT NULL CHECK (first_response_minutes > 0),
        resolution_minutes integer NOT NULL CHECK (resolution_minutes >= first_response_minutes),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      INSERT INTO support.sla_policies (priority, first_response_minutes, resolution_minutes, updated_at) VALUES
        ('urgent', 15, 240, now()),
        ('high', 60, 480, now()),
        ('normal', 240, 1440, now()),
        ('low', 480, 4320, now())`);

    await q.query(`
      CREATE TABLE support.tickets (
        id uuid PRIMARY KEY,
        origin text NOT NULL CHECK (origin IN ('guest', 'member', 'system')),
        -- System tickets: what caused it (e.g. order-awaiting-stock:<orderId>); one ticket per cause.
        cause_key text UNIQUE,
        category text NOT NULL CHECK (category IN ('not_received', 'key_invalid', 'wrong_item', 'refund_request', 'other')),
        subject text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
        priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        order_id uuid,
        order_no text,
        member_id uuid,
        contact text,
        key_id uuid,
        -- Guests: SHA-256 of the ticket access token handed out once.
        access_token_hash text UNIQUE,
        assignee_id uuid,
        first_response_minutes integer NOT NULL CHECK (first_response_minutes > 0),
        resolution_minutes integer NOT NULL CHECK (resolution_minutes > 0),
        paused_ms bigint NOT NULL DEFAULT 0 CHECK (paused_ms >= 0),
        paused_since timestamptz,
        first_response_due_at timestamptz NOT NULL,
        resolution_due_at timestamptz NOT NULL,
        first_responded_at timestamptz,
        first_response_seconds integer,
        first_response_met boolean,
        first_response_breached_at timestamptz,
        resolved_at timestamptz,
        handling_seconds integer,
        resolution_met boolean,
        resolution_breached_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT tickets_cause_ck CHECK ((origin = 'system') = (cause_key IS NOT NULL)),
        CONSTRAINT tickets_guest_token_ck CHECK ((origin = 'guest') = (access_token_hash IS NOT NULL)),
        CONSTRAINT tickets_guest_order_ck CHECK (origin <> 'guest' OR order_id IS NOT NULL),
        CONSTRAINT tickets_member_ck CHECK (origin <> 'member' OR member_id IS NOT NULL),
        CONSTRAINT tickets_pause_ck CHECK ((status IN ('pending', 'resolved')) = (paused_since IS NOT NULL)),
        CONSTRAINT tickets_first_response_ck CHECK ((first_responded_at IS NULL) = (first_response_met IS NULL)),
        CONSTRAINT tickets_resolution_ck CHECK ((resolved_at IS NULL) = (resolution_met IS NULL))
      )`);
    // The queue: active tickets by status, priority and assignee.
    await q.query(`CREATE INDEX tickets_active ON support.tickets (status, priority, assignee_id) WHERE status IN ('open', 'pending')`);
    await q.query(`CREATE INDEX tickets_member ON support.tickets (member_id, created_at DESC) WHERE member_id IS NOT NULL`);
    await q.query(`CREATE INDEX tickets_contact ON support.tickets (lower(contact)) WHERE contact IS NOT NULL`);
    await q.query(`CREATE INDEX tickets_order ON support.tickets (order_id) WHERE order_id IS NOT NULL`);
    // The breach schedule reads only tickets whose clock runs and whose target is still undecided.
    await q.query(`CREATE INDEX tickets_first_response_due ON support.tickets (first_response_due_at)
      WHERE status = 'open' AND first_responded_at IS NULL AND first_response_breached_at IS NULL`);
    await q.query(`CREATE INDEX tickets_resolution_due ON support.tickets (resolution_due_at)
      WHERE status = 'open' AND resolution_breached_at IS NULL`);
    await q.query(`CREATE INDEX tickets_resolved ON support.tickets (resolved_at) WHERE status = 'resolved'`);

    await q.query(`
      CREATE TABLE support.messages (
        id uuid PRIMARY KEY,
        -- Orders messages written in the same instant (one clock tick) as they were written.
        seq bigserial NOT NULL UNIQUE,
        ticket_id uuid NOT NULL REFERENCES support.tickets (id),
        author_type text NOT NULL CHECK (author_type IN ('buyer', 'agent', 'system')),
        author_id uuid,
        internal boolean NOT NULL,
        body text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL,
        CONSTRAINT messages_buyer_public_ck CHECK (NOT (author_type = 'buyer' AND internal))
      )`);
    await q.query(`CREATE INDEX messages_ticket ON support.messages (ticket_id, seq)`);

    await q.query(`
      CREATE TABLE support.status_changes (
        seq bigserial PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES support.tickets (id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        action text NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('agent', 'buyer', 'system')),
        actor_id uuid,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX status_changes_ticket ON support.status_changes (ticket_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE support.status_changes, support.messages, support.tickets, support.sla_policies`);
  }
}
