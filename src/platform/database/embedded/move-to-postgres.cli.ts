import { loadConfig } from '../../config/app-config';
import { loadEnvFile } from '../../config/load-env-file';
import { moveEmbeddedToPostgres } from './move-to-postgres';

/**
 * `npm run embedded:move-to-postgres -- postgres://user@host:5432/newdb`
 * Copies the embedded database of DATA_DIR (stop the shop first) into a new, empty PostgreSQL
 * database. Then set DATABASE_URL to it and start the shop; DATA_DIR can be kept as a backup.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const targetUrl = process.argv[2];
  if (!targetUrl || !/^postgres(ql)?:\/\//.test(targetUrl)) {
    throw new Error('usage: npm run embedded:move-to-postgres -- postgres://user@host:5432/newdb');
  }
  const config = loadConfig({ ...process.env, DATABASE_URL: '' });
  const report = await moveEmbeddedToPostgres(config.DATA_DIR, targetUrl, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(
    `Moved ${report.rows} row(s) in ${report.tables} tables. Set DATABASE_URL to the new database and start the shop;\n` +
      `keep ${config.DATA_DIR} as a backup until you are happy.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded:move-to-postgres failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
