import { Client } from 'pg';

/**
 * Creates the database a postgres:// URL names when it does not exist yet (connecting to the
 * server's `postgres` database to do so); its tables come from the migrations. Used by the test
 * set-up and the benchmarks, which each want a database of their own.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const database = new URL(url).pathname.replace(/^\//, '');
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`unexpected database name "${database}"`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.href });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}
