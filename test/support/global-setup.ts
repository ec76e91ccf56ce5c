import { ensureDatabase } from '../../src/platform/database/ensure-database';
import './test-env';

/** Creates the test database when it does not exist yet; the app's migrations fill it. */
export default async function globalSetup(): Promise<void> {
  await ensureDatabase(process.env.DATABASE_URL as string);
}
