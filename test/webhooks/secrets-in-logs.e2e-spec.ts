import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import request from 'supertest';
import { StockLowV1 } from '../../src/modules/card-keys/events';
import { createTestApp, freePort, resetPlatformTables, TestApp } from '../support/test-app';
import { verifyWebhook, WebhookReceiver } from './webhook-receiver';
import { publish, resetWebhooks } from './webhooks-helpers';

/**
 * Runs the real server as its own process with trace logging, registers an endpoint, rotates its
 * secret, sends a webhook that fails once and then succeeds, and reads everything the process
 * logged: no signing secret may appear there, in an admin answer other than the one that shows
 * it, or in the audit log.
 */
describe('webhook signing secrets never leak', () => {
  let server: ChildProcess | undefined;
  let output = '';
  let setup: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // Publishes the event and reads the database; this process runs no workers (the server does).
    setup = await createTestApp({ env: { ROLE: 'api' } });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    await receiver.close();
    await setup.close();
  });

  async function startServer(): Promise<string> {
    const port = await freePort();
    server = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '-T', 'src/main.ts'], {
      env: { ...process.env, LOG_LEVEL: 'trace', ROLE: 'all', PORT: String(port), QUEUE_PREFIX: `hooks${Date.now()}`, WEBHOOK_RETRY_BACKOFF_MS: '50' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; i < 600 && !output.includes('card shop up'); i += 1) {
      if (server.exitCode !== null) throw new Error(`server exited: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return `http://127.0.0.1:${port}`;
  }

  it('keeps secrets out of logs, lists and the audit log while creating, rotating and delivering', async () => {
    await resetPlatformTables(setup.dataSource);
    await resetWebhooks(setup);
    const token = await setup.adminToken('operator');
    const auth = { Authorization: `Bearer ${token}` };
    receiver.reply = (n) => (n === 1 ? { status: 500, body: 'not yet' } : { status: 200, body: 'ok' });
    const url = await startServer();

    const created = await request(url).post('/admin/webhooks/endpoints').set(auth).send({ url: receiver.url(), events: ['card-keys.stock.low'] });
    expect(created.status).toBe(201);
    const first = created.body.secret as string;
    const rotated = await request(url).post(`/admin/webhooks/endpoints/${created.body.id}/rotate-secret`).set(auth).send({ previousSecretValidMinutes: 60 });
    expect(rotated.status).toBe(200);
    const second = rotated.body.secret as string;

    await publish(setup, new StockLowV1(randomUUID(), 1, 5));
    await receiver.waitFor(2, 60_000);
    // Signed with the new secret and, during the grace period, the old one too.
    for (const secret of [first, second]) {
      expect(verifyWebhook({ header: receiver.requests[1].headers['x-cardshop-signature'] as string, body: receiver.requests[1].body, secret })).toBe(true);
    }
    expect((receiver.requests[1].headers['x-cardshop-signature'] as string).match(/v1=/g)).toHaveLength(2);
    for (let i = 0; i < 100; i += 1) {
      const [row] = await setup.dataSource.query(`SELECT status FROM webhooks.deliveries`);
      if (row?.status === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const list = await request(url).get('/admin/webhooks/endpoints').set(auth);
    const one = await request(url).get(`/admin/webhooks/endpoints/${created.body.id}`).set(auth);
    const deliveries = await request(url).get('/admin/webhooks/deliveries').set(auth);
    expect(deliveries.body.items[0]).toMatchObject({ status: 'succeeded', totalAttempts: 2 });
    const audit = JSON.stringify(await setup.dataSource.query(`SELECT * FROM platform.audit_log`));
    server?.kill('SIGTERM');
    await once(server as ChildProcess, 'exit');
    server = undefined;

    expect(output).toContain('card shop up');
    expect(output).toContain('webhook attempt 1 failed'); // the delivery was logged, at both outcomes
    expect(output).toContain('webhook delivered');
    for (const secret of [first, second]) {
      for (const text of [output, JSON.stringify([list.body, one.body, deliveries.body]), audit]) {
        expect(text).not.toContain(secret.slice('whsec_'.length));
      }
    }
    expect(output).not.toContain('whsec_');
  }, 180_000);
});
