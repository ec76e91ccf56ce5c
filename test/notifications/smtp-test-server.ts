import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../support/test-app';

export interface ReceivedMail {
  /** The envelope recipients (RCPT TO). */
  to: string[];
  from: string;
  parsed: ParsedMail;
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it receives, parsed
 * with `mailparser`. It can be stopped (connections refused) and started again on the same port,
 * or told to answer 451 at RCPT TO or after reading the whole message.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  /** The Message-ID of every message the server read, accepted or not. */
  readonly messageIdsRead: string[] = [];
  /** accept; 451 at RCPT TO (before the data); 451 after reading the data (the sender cannot know if it went through). */
  mode: 'accept' | 'refuse-rcpt-451' | 'refuse-data-451' = 'accept';
  private server: SMTPServer | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<SmtpTestServer> {
    const s = new SmtpTestServer(await freePort());
    await s.listen();
    return s;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      closeTimeout: 50,
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (this.mode === 'refuse-rcpt-451') return callback(withCode(new Error('4.3.0 Mailbox temporarily unavailable, try later'), 451));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              this.messageIdsRead.push(parsed.messageId ?? '');
              if (this.mode === 'refuse-data-451') return callback(withCode(new Error('4.3.0 Queue full, try later'), 451));
              this.received.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                parsed,
                raw,
              });
              callback();
            },
            (e: Error) => callback(e),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening: connections are refused until `listen()` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits (real time) until `count` messages have arrived. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} e-mails, got ${this.received.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.received;
  }

  clear(): void {
    this.received.length = 0;
    this.messageIdsRead.length = 0;
    this.mode = 'accept';
  }
}

function withCode(error: Error, responseCode: number): Error {
  return Object.assign(error, { responseCode });
}
