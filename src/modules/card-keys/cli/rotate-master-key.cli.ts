import dataSource from '../../../platform/database/data-source';
import { loadConfig } from '../../../platform/config/app-config';
import { keyRingFromConfig } from '../vault/key-ring';
import { rotateMasterKey } from '../vault/rotate-master-key';

/**
 * `npm run card-keys:rotate-master-key`
 * 1. Put the new key first in CARD_KEY_MASTER_KEYS, keeping the old one after it:
 *    CARD_KEY_MASTER_KEYS=k2:<new base64>,k1:<old base64>
 * 2. Restart the shop (new batches now use k2), then run this command.
 * 3. When it reports everything under k2, remove k1 from the setting.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const ring = keyRingFromConfig({
    nodeEnv: config.NODE_ENV,
    masterKeys: config.CARD_KEY_MASTER_KEYS,
    indexKey: config.CARD_KEY_INDEX_KEY,
    warn: (message) => process.stderr.write(`${message}\n`),
  });
  await dataSource.initialize();
  try {
    const report = await rotateMasterKey(dataSource, ring, (done) => process.stdout.write(`  re-wrapped ${done} batches\n`));
    process.stdout.write(
      `Master key rotation done: ${report.rewrapped} batch key(s) re-wrapped, ${report.alreadyCurrent} were already ` +
        `under "${report.activeKeyId}". Keys other than "${report.activeKeyId}" can now be removed from CARD_KEY_MASTER_KEYS.\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
