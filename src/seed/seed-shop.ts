import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminAccounts } from '../platform/auth/admin-accounts';
import { AdminApi } from './admin-api';
import { sandboxChannelBody } from './sandbox-channel-body';

export const SEED_OWNER_EMAIL = 'owner@cardshop.local';
export const SEED_CHANNEL = 'sandbox';
const SEED_CATEGORY = { name: 'Gift cards', slug: 'gift-cards' };
const KEYS_PER_GOODS = 5;
const IMPORT_WAIT_MS = 60_000;

const SEED_GOODS = [
  { title: 'Steam Wallet Code 50', description: 'Demo goods: a code for 50 of Steam wallet credit.', priceMinor: 5_000 },
  { title: 'App Store Gift Card 100', description: 'Demo goods: an App Store and iTunes card worth 100.', priceMinor: 10_000 },
  { title: 'Game Pass 1 Month', description: 'Demo goods: one month of the game pass.', priceMinor: 2_900 },
];

export interface SeededGoods {
  id: string;
  title: string;
  priceMinor: number;
}

export type SeedResult =
  | { seeded: true; ownerToken: string; goods: SeededGoods[] }
  | { seeded: false; goods: SeededGoods[] };

/**
 * Makes a fresh shop usable: an owner admin (token returned once), the sandbox payment channel, a
 * category and a few goods with card keys on sale. Everything but the owner goes through the shop's
 * own admin API at `baseUrl`, so validation and the key import job run as for any admin.
 *
 * The owner is the mark of a seeded shop: when it exists, nothing is done. Each step also leaves
 * alone what already exists (the channel by code, the category by slug, goods by title), and a
 * failed run removes the owner again, so running the seed again finishes the job without doubles.
 */
export async function seedShop(app: INestApplication, baseUrl: string): Promise<SeedResult> {
  const dataSource = app.get(DataSource);
  const accounts = new AdminAccounts(dataSource.manager, () => new Date());
  const [existing] = (await dataSource.query(`SELECT id FROM platform.admin_users WHERE lower(email) = $1`, [SEED_OWNER_EMAIL])) as Array<{ id: string }>;
  if (existing) return { seeded: false, goods: await listSeedGoods(baseUrl) };

  const owner = await accounts.create({ email: SEED_OWNER_EMAIL, roles: ['owner'], name: 'Shop owner', tokenLabel: 'seed' });
  try {
    const api = new AdminApi(baseUrl, owner.token);
    await ensureSandboxChannel(api);
    const categoryId = await ensureCategory(api);
    const goods: SeededGoods[] = [];
    for (const item of SEED_GOODS) goods.push(await ensureGoods(api, categoryId, item));
    return { seeded: true, ownerToken: owner.token, goods };
  } catch (error) {
    await dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM platform.admin_tokens WHERE admin_user_id = $1`, [owner.id]);
      await tx.query(`DELETE FROM platform.admin_users WHERE id = $1`, [owner.id]);
    });
    throw error;
  }
}

async function ensureSandboxChannel(api: AdminApi): Promise<void> {
  if ((await api.get(`/admin/payments/channels/${SEED_CHANNEL}`)).status === 200) return;
  const created = await api.post('/admin/payments/channels', sandboxChannelBody(SEED_CHANNEL, { displayName: 'Sandbox (test payments, no money moves)' }));
  api.expect(created, 201, 'creating the sandbox payment channel');
}

async function ensureCategory(api: AdminApi): Promise<string> {
  const list = api.expect(await api.get('/admin/categories?limit=200'), 200, 'listing categories');
  const found = (list.items as Array<{ id: string; slug: string }>).find((c) => c.slug === SEED_CATEGORY.slug);
  if (found) return found.id;
  return api.expect(await api.post('/admin/categories', SEED_CATEGORY), 201, 'creating the category').id as string;
}

async function ensureGoods(api: AdminApi, categoryId: string, item: (typeof SEED_GOODS)[number]): Promise<SeededGoods> {
  const list = api.expect(
    await api.get(`/admin/goods?categoryId=${categoryId}&q=${encodeURIComponent(item.title)}&limit=200`),
    200,
    'listing goods',
  );
  const found = (list.items as Array<{ id: string; title: string }>).find((g) => g.title === item.title);
  if (found) return { id: found.id, title: item.title, priceMinor: item.priceMinor };

  const body = { categoryId, ...item, currency: 'CNY', deliveryType: 'auto', onSale: true, maxPerOrder: 5 };
  const goods = api.expect(await api.post('/admin/goods', body), 201, `creating goods "${item.title}"`);
  const keys = Array.from({ length: KEYS_PER_GOODS }, () => demoKey()).join('\n');
  const upload = api.expect(
    await api.post(`/admin/card-keys/goods/${goods.id as string}/imports`, keys, 'text/plain'),
    202,
    `importing card keys for "${item.title}"`,
  );
  await waitForImport(api, upload.batchId as string, item.title);
  return { id: goods.id as string, title: item.title, priceMinor: item.priceMinor };
}

/** The import runs as a job (in this process or another worker); its batch says when it is done. */
async function waitForImport(api: AdminApi, batchId: string, title: string): Promise<void> {
  const deadline = Date.now() + IMPORT_WAIT_MS;
  while (Date.now() < deadline) {
    const batch = api.expect(await api.get(`/admin/card-keys/imports/${batchId}`), 200, 'reading the key import');
    if (batch.status === 'completed') return;
    if (batch.status === 'failed') throw new Error(`the card key import for "${title}" failed: ${String(batch.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the card key import for "${title}" did not finish in ${IMPORT_WAIT_MS / 1000} s: is a worker running?`);
}

/** A random, obviously fake key: DEMO-XXXX-XXXX-XXXX. */
function demoKey(): string {
  const hex = randomBytes(6).toString('hex').toUpperCase();
  return `DEMO-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

/** The seeded goods still on sale, as the storefront lists them, for the report of a later run. */
async function listSeedGoods(baseUrl: string): Promise<SeededGoods[]> {
  const res = await fetch(`${baseUrl}/api/goods?limit=200`);
  if (!res.ok) throw new Error(`listing goods: the shop answered ${res.status}`);
  const { items } = (await res.json()) as { items: SeededGoods[] };
  const titles = new Set(SEED_GOODS.map((g) => g.title));
  return items.filter((g) => titles.has(g.title)).map(({ id, title, priceMinor }) => ({ id, title, priceMinor }));
}
