import { existsSync } from 'node:fs';

/**
 * Loads `.env` from the working directory into process.env when it exists, without overriding
 * variables that are already set (the real environment always wins over the file).
 */
export function loadEnvFile(path = '.env'): void {
  if (!existsSync(path)) return;
  const before = { ...process.env };
  process.loadEnvFile(path);
  Object.assign(process.env, before);
}
