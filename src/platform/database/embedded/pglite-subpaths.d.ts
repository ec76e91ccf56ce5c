// PGlite publishes these entry points only through package.json "exports", which this project's
// node10 module resolution does not read; Node itself resolves them at run time. Only what we use.
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  import type { Extension } from '@electric-sql/pglite';
  export const pg_trgm: Extension;
}

declare module '@electric-sql/pglite/node-postgres' {
  import type { PGlite } from '@electric-sql/pglite';
  /** node-postgres settings whose `connection` speaks the wire protocol to this PGlite (which stays the caller's). */
  export function createPgConfig(pglite: PGlite): Record<string, unknown> & { connection: unknown };
}
