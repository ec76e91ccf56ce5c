import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import request from 'supertest';
import { createTestApp, resetPlatformTables } from '../support/test-app';
import { resetVault } from './vault-helpers';

const run = promisify(execFile);
const freePort = async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
};

/**
 * Runs the real server as its own process with trace logging, drives an import, a reveal and an
 * export through it, and reads everything it logged: neither the master key, the index key nor a
 * card key may appear. Then rotates the master key with the CLI and proves the keys still open
 * under the new master key alone.
 */
describe('vault secrets never leak, and the master key rotates', () => {
  const oldMaster = randomBytes(32).toString('base64');
  const newMaster = randomBytes(32).toString('base64');
  const indexKey = randomBytes(32).toString('base64');
  const baseEnv = { ...process.env, CARD_KEY_INDEX_KEY: indexKey, LOG_LEVEL: 'trace', ROLE: 'all', QUEUE_PREFIX: `sec${Date.now()}` };
  let server: ChildProcess | undefined;
  let output = '';

  afterEach(() => {
    server?.kill('SIGTERM');
    server = undefined;
  });

  async function startServer(masterKeys: string): Promise<string> {
    const port = await freePort();
    output = '';
    server = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '-T', 'src/main.ts'], {
      env: { ...baseEnv, CARD_KEY_MASTER_KEYS: masterKeys, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300 && !output.includes('card shop up'); i += 1) {
      if (server.exitCode !== null) throw new Error(`server exited: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return url;
  }

  it('logs no secret while importing, revealing and exporting, and opens keys after a rotation', async () => {
    const setup = await createTestApp({ env: { ROLE: 'api' } });
    await resetPlatformTables(setup.dataSource);
    await resetVault(setup);
    const token = await setup.adminToken('owner');
    await setup.close();

    const goodsId = randomUUID();
    const secrets = ['SECRET-ALPHA-0001', 'SECRET-BRAVO-0002', 'SECRET-CHARLIE-0003'];
    const url = await startServer(`old:${oldMaster}`);
    const auth = { Authorization: `Bearer ${token}` };
    const imported = await request(url).post(`/admin/card-keys/goods/${goodsId}/imports`).set(auth).set('Content-Type', 'text/plain').send(secrets.join('\n'));
    expect(imported.status).toBe(202);
    let batch;
    for (let i = 0; i < 100; i += 1) {
      batch = (await request(url).get(`/admin/card-keys/imports/${imported.body.batchId}`).set(auth)).body;
      if (batch.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(batch).toMatchObject({ status: 'completed', imported: 3 });
    const list = await request(url).get(`/admin/card-keys/goods/${goodsId}/keys`).set(auth);
    const keyIds = list.body.items.map((k: { keyId: string }) => k.keyId);
    const revealed = await request(url).post(`/admin/card-keys/goods/${goodsId}/keys/reveal`).set(auth).send({ keyIds, reason: 'secrecy test' });
    expect(revealed.body.keys.map((k: { secret: string }) => k.secret).sort()).toEqual(secrets);
    await request(url).get(`/admin/card-keys/goods/${goodsId}/export?status=available&reason=secrecy%20test`).set(auth);
    const responses = JSON.stringify([imported.body, batch, list.body]);
    server?.kill('SIGTERM');
    await once(server as ChildProcess, 'exit');

    expect(output).toContain('card shop up'); // the log was captured
    expect(output.length).toBeGreaterThan(1000);
    for (const secret of [oldMaster, indexKey, ...secrets]) {
      expect(output).not.toContain(secret);
    }
    for (const secret of [oldMaster, indexKey]) expect(responses).not.toContain(secret);

    // Rotate: the new key first, the old one kept for unwrapping.
    const rotation = await run('npm', ['run', '-s', 'card-keys:rotate-master-key'], {
      env: { ...baseEnv, CARD_KEY_MASTER_KEYS: `new:${newMaster},old:${oldMaster}` },
    });
    expect(rotation.stdout).toMatch(/1 batch key\(s\) re-wrapped/);
    expect(rotation.stdout + rotation.stderr).not.toContain(newMaster);
    expect(rotation.stdout + rotation.stderr).not.toContain(oldMaster);

    // The old master key is gone; the keys still open.
    const url2 = await startServer(`new:${newMaster}`);
    const after = await request(url2).post(`/admin/card-keys/goods/${goodsId}/keys/reveal`).set(auth).send({ keyIds, reason: 'after rotation' });
    expect(after.status).toBe(200);
    expect(after.body.keys.map((k: { secret: string }) => k.secret).sort()).toEqual(secrets);
  }, 120_000);
});
