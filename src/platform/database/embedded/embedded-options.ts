import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { EmbeddedPool, type EmbeddedPoolSettings } from './embedded-pool';

/**
 * How long a caller may wait for the one embedded session. Requests normally wait milliseconds; a
 * wait this long means something holds the session while waiting for a second one (see
 * SessionWaitTimeoutError), and failing loudly beats hanging.
 */
export const EMBEDDED_WAIT_LIMIT_MS = 30_000;

/** Where PGlite keeps its files inside DATA_DIR. */
export const pgliteDir = (dataDir: string): string => resolve(dataDir, 'pglite');

/** True before the first start on this DATA_DIR (no database there yet). */
export const isNewEmbeddedDatabase = (dataDir: string): boolean => !existsSync(join(pgliteDir(dataDir), 'PG_VERSION'));

/** "./data/pglite" for the log line: relative when under the working directory. */
export function shownPgliteDir(dataDir: string): string {
  const rel = relative(process.cwd(), pgliteDir(dataDir));
  return rel.startsWith('..') || rel === '' ? pgliteDir(dataDir) : `./${rel}`;
}

/** The parts of TypeORM's postgres options that put it on the embedded database in DATA_DIR. */
export function embeddedDriverOptions(dataDir: string, waitLimitMs = EMBEDDED_WAIT_LIMIT_MS): Partial<DataSourceOptions> {
  const embedded: EmbeddedPoolSettings = { pgliteDir: pgliteDir(dataDir), lockDir: resolve(dataDir), waitLimitMs };
  return { driver: { Pool: EmbeddedPool }, extra: { embedded } } as Partial<DataSourceOptions>;
}
