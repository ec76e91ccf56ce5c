import type { Audience, EmailKind, EmailStatus, Language } from '../domain/email-kinds';

/** A row of notifications.emails as PostgreSQL returns it. */
export interface EmailRow {
  id: string;
  audience: Audience;
  kind: EmailKind;
  order_id: string | null;
  collapse_key: string | null;
  recipients: string[];
  language: Language;
  data: Record<string, unknown>;
  occurrences: number;
  status: EmailStatus;
  attempts: number;
  scheduled_for: Date;
  next_attempt_at: Date;
  lease_until: Date | null;
  last_error: string | null;
  generation: number;
  message_id: string;
  smtp_response: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

/** An outbox e-mail as the admin list shows it (what to send and how it went; never a body). */
export interface EmailView {
  id: string;
  audience: Audience;
  kind: EmailKind;
  orderId: string | null;
  collapseKey: string | null;
  recipients: string[];
  language: Language;
  occurrences: number;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  messageId: string;
  smtpResponse: string | null;
  createdAt: string;
  sentAt: string | null;
}

export function viewOf(row: EmailRow): EmailView {
  return {
    id: row.id,
    audience: row.audience,
    kind: row.kind,
    orderId: row.order_id,
    collapseKey: row.collapse_key,
    recipients: row.recipients,
    language: row.language,
    occurrences: row.occurrences,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    messageId: row.message_id,
    smtpResponse: row.smtp_response,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}
