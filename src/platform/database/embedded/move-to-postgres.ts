import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source-options';
import { EmbeddedPool } from './embedded-pool';
import { EMBEDDED_WAIT_LIMIT_MS, pgliteDir } from './embedded-options';

const BATCH_ROWS = 1000;

export interface MoveReport {
  tables: number;
  rows: number;
}

interface TableName {
  schema: string;
  table: string;
}

const quoted = ({ schema, table }: TableName) => `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;

/**
 * Copies the embedded database in `dataDir` into the empty PostgreSQL database of `targetUrl`:
 * the target gets this build's migrations, then every table's rows and every sequence's position,
 * in one transaction (all or nothing). Rows travel as JSON and are rebuilt by PostgreSQL with the
 * target's own column types, so no value passes through JavaScript numbers or dates.
 *
 * Refused when the target already has migrations (it must be a new, empty database) or when the
 * embedded database has a migration this build does not know. Needs a superuser on the target:
 * triggers and foreign keys are held off (session_replication_role) while the rows arrive, as the
 * tables are filled in no particular order.
 */
export async function moveEmbeddedToPostgres(dataDir: string, targetUrl: string, log: (line: string) => void): Promise<MoveReport> {
  const target = new Client({ connectionString: targetUrl });
  await target.connect();
  const source = new EmbeddedPool({ embedded: { pgliteDir: pgliteDir(dataDir), lockDir: dataDir, waitLimitMs: EMBEDDED_WAIT_LIMIT_MS } });
  try {
    const [{ present }] = (await target.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS present`)).rows;
    if (present) throw new Error('the target database already has migrations: give an empty, new database');

    const sourceMigrations = (await source.query(`SELECT name FROM public.migrations ORDER BY id`)).rows.map((r) => r.name as string);
    await migrate(targetUrl, dataDir);
    const targetMigrations = new Set((await target.query(`SELECT name FROM public.migrations`)).rows.map((r) => r.name as string));
    const unknown = sourceMigrations.filter((name) => !targetMigrations.has(name));
    if (unknown.length > 0) throw new Error(`the embedded database has migrations this build lacks: ${unknown.join(', ')}`);
    log(`target migrated (${targetMigrations.size} migrations)`);

    const tables = (
      await source.query(
        `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            AND NOT (table_schema = 'public' AND table_name = 'migrations')
          ORDER BY 1, 2`,
      )
    ).rows as TableName[];

    let rows = 0;
    await target.query('BEGIN');
    try {
      await target.query(`SET LOCAL session_replication_role = replica`);
      // The migrations seeded a few rows (settings, defaults) that the embedded database has too.
      await target.query(`TRUNCATE ${tables.map(quoted).join(', ')}`);
      for (const table of tables) {
        const copied = await copyTable(source, target, table);
        rows += copied;
        if (copied > 0) log(`${table.schema}.${table.table}: ${copied} row(s)`);
      }
      await copySequences(source, target);
      await target.query('COMMIT');
    } catch (error) {
      await target.query('ROLLBACK');
      throw error;
    }
    return { tables: tables.length, rows };
  } finally {
    await source.end();
    await target.end();
  }
}

async function migrate(targetUrl: string, dataDir: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions({ DATABASE_URL: targetUrl, DATABASE_POOL_SIZE: 2, DATA_DIR: dataDir }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/** Streams one table through a cursor on the source (one snapshot) into the target, in batches. */
async function copyTable(source: EmbeddedPool, target: Client, table: TableName): Promise<number> {
  const columns = (
    await source.query(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table.schema, table.table],
    )
  ).rows.map((r) => `"${(r.name as string).replace(/"/g, '""')}"`);
  const list = columns.join(', ');
  let copied = 0;
  const reader = await source.connect();
  try {
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await reader.query(`DECLARE table_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM (SELECT ${list} FROM ${quoted(table)}) t`);
    for (;;) {
      const { rows } = await reader.query(`FETCH ${BATCH_ROWS} FROM table_rows`);
      if (rows.length === 0) break;
      const inserted = await target.query(
        `INSERT INTO ${quoted(table)} (${list}) OVERRIDING SYSTEM VALUE
         SELECT ${list} FROM jsonb_populate_recordset(NULL::${quoted(table)}, $1::jsonb)`,
        [`[${rows.map((r) => r.row as string).join(',')}]`],
      );
      copied += inserted.rowCount ?? 0;
    }
    await reader.query('COMMIT');
  } finally {
    reader.release();
  }
  return copied;
}

async function copySequences(source: EmbeddedPool, target: Client): Promise<void> {
  const { rows } = await source.query(
    `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text AS value
       FROM pg_sequences WHERE last_value IS NOT NULL`,
  );
  for (const { name, value } of rows) await target.query(`SELECT setval($1::regclass, $2::bigint, true)`, [name, value]);
}
