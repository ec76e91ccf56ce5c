/** The parts of a nodemailer error we read (it sets these on SMTP and connection failures). */
export interface SmtpErrorShape {
  message?: string;
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

/** Commands that belong to the connection, not to one message: a failure there fails every message. */
const SESSION_COMMANDS = /^(CONN|GREETING|EHLO|HELO|LHLO|STARTTLS|AUTH\b)/i;
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EAUTH', 'ETLS', 'EPROXY']);

export interface SmtpFailure {
  /** For the outbox row and the admin list: the code and the server's answer, never message content. */
  description: string;
  /**
   * The server could not be used at all (down, refusing connections, refusing our login, 421): the
   * other messages of the batch would fail the same way, so they wait without spending an attempt.
   */
  serverUnavailable: boolean;
}

export function smtpFailureOf(error: unknown): SmtpFailure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpErrorShape;
  const parts: string[] = [];
  if (e.code) parts.push(e.code);
  if (e.command) parts.push(`at ${e.command}`);
  const answer = e.response ?? (e.responseCode ? undefined : e.message);
  const text = `${parts.join(' ')}${parts.length ? ': ' : ''}${e.responseCode && !e.response ? `${e.responseCode} ` : ''}${answer ?? ''}`;
  const serverUnavailable =
    e.responseCode === 421 ||
    (e.code !== undefined && CONNECTION_CODES.has(e.code)) ||
    (e.command !== undefined && SESSION_COMMANDS.test(e.command));
  return { description: oneLine(text || 'unknown error').slice(0, 500), serverUnavailable };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
