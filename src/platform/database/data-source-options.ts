import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { types } from 'pg';
import type { AppConfig } from '../config/app-config';

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
 * The one description of the database used by the app and by the TypeORM CLI.
 * `synchronize` is always off: the schema changes only through migrations in `migrations/`.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    synchronize: false,
    migrationsRun: false,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // The migrations table lives with the other shared plumbing.
    schema: 'public',
    extra: { max: config.DATABASE_POOL_SIZE },
    logging: ['error', 'migration'],
  };
}
