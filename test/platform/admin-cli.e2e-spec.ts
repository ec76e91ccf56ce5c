import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from '../support/test-app';

const run = promisify(execFile);

describe('npm run admin:create', () => {
  let shop: TestApp;
  beforeAll(async () => {
    shop = await createTestApp({ env: { ROLE: 'api' } });
  });
  afterAll(() => shop.close());

  it('creates an admin and prints a working bearer token once', async () => {
    const email = `cli-${Date.now()}@shop.test`;
    const { stdout } = await run('npm', ['run', '-s', 'admin:create', '--', '--email', email, '--role', 'finance'], {
      env: process.env,
    });
    const token = /^(csa_\S+)$/m.exec(stdout)?.[1];
    expect(token).toBeDefined();
    const ok = await shop.http().get('/admin/audit-log').set('Authorization', `Bearer ${token}`);
    expect(ok.status).toBe(200);
    const [row] = await shop.dataSource.query(`SELECT roles FROM platform.admin_users WHERE email = $1`, [email]);
    expect(row.roles).toEqual(['finance']);
  });

  it('refuses an unknown role with a clear message and a failing exit code', async () => {
    await expect(
      run('npm', ['run', '-s', 'admin:create', '--', '--email', 'x@shop.test', '--role', 'king'], { env: process.env }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('roles must be one or more of owner') });
  });
});
