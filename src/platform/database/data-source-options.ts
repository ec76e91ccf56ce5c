import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { types } from 'pg';
import type { AppConfig } from '../config/app-config';
import { embeddedDriverOptions, shownPgliteDir } from './embedded/embedded-options';

// Money columns are bigint (int8); pg hands those back as strings. Read them as numbers, and refuse
// (rather than round) anything beyond JavaScript's exact integer range.
types.setTypeParser(types.builtins.INT8, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} is beyond the exact integer range`);
  return n;
});

/** The project root seen from here, both in `src/` (ts-node, jest) and in `dist/src/` (built). */
const projectRoot = join(__dirname, '..', '..', '..');

/** Compiled (.js) or source (.ts) migration files, whichever this process runs from. */
export const MIGRATIONS_GLOB = join(projectRoot, 'migrations', '*.{ts,js}');

/**
 * The one description of the database used by the app and by the TypeORM CLI: the PostgreSQL
 * server of DATABASE_URL, or without it the embedded PostgreSQL (PGlite) in DATA_DIR, driven by the
 * same TypeORM postgres driver. `synchronize` is always off: the schema changes only through
 * migrations in `migrations/`.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATA_DIR'>,
): DataSourceOptions {
  const connection = config.DATABASE_URL
    ? { url: config.DATABASE_URL, extra: { max: config.DATABASE_POOL_SIZE } }
    : embeddedDriverOptions(config.DATA_DIR);
  return {
    type: 'postgres',
    ...connection,
    synchronize: false,
    migrationsRun: false,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // The migrations table lives with the other shared plumbing.
    schema: 'public',
    logging: ['error', 'migration'],
  } as DataSourceOptions;
}

/** Which database this configuration runs on, for the start-up log (never the URL: it may hold a password). */
export function describeDatabase(config: Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR'>): string {
  return config.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite at ${shownPgliteDir(config.DATA_DIR)}`;
}
