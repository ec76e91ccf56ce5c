import { parseArgs } from 'node:util';
import dataSource from '../../database/data-source';
import { AdminAccounts } from '../admin-accounts';

/**
 * `npm run admin:create -- --email you@example.com --role owner [--role finance] [--name "You"]`
 * Creates an admin account and prints its bearer token once. Applies pending migrations first, so it
 * also works on a fresh database.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
    },
  });
  if (!values.email || !values.role?.length) {
    throw new Error('usage: npm run admin:create -- --email you@example.com --role owner [--role ...] [--name "..."]');
  }
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const created = await new AdminAccounts(dataSource.manager, () => new Date()).create({
      email: values.email,
      roles: values.role,
      name: values.name,
      tokenLabel: 'admin:create',
    });
    process.stdout.write(
      `Created admin ${created.email} (${created.roles.join(', ')}), id ${created.id}\n` +
        `Bearer token (shown once, store it now):\n${created.token}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`admin:create failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
