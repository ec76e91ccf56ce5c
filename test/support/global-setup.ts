import { Client } from 'pg';
import './test-env';

/** Creates the test database when it does not exist yet; the app's migrations fill it. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL as string);
  const database = url.pathname.replace(/^\//, '');
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`unexpected test database name "${database}"`);
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}
