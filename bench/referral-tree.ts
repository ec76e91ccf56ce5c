/**
 * The referral tree at scale: builds a tree of N members (default 100,000) in the referrals tables
 * (a few roots, one of them holding almost everyone, random branching with a bias towards a few
 * busy recruiters and towards chains, depth capped at 20) with the closure table, the upline columns,
 * the counters and a paid sale for about 60% of the members; then times, each over many runs:
 *
 *   1. upline lookup (the 3 ancestors of a member): the columns on the member row, the closure
 *      table, and a recursive walk over parent links for comparison;
 *   2. team size by level (1, 2, 3 and total) and team sales, for the largest team (the big root),
 *      a mid-size team (~2,000) and a small one (~50): from the closure table, from the counters
 *      the application keeps, and by a recursive walk for comparison;
 *   3. the application's own paths: the team view (GET /api/me/team's service), recording a sale of
 *      a member 20 levels deep (commissions + counters of every ancestor + ranks), binding a new
 *      member, and an admin's move of a ~2,000-member subtree;
 *   4. a consistency check of the counters against the closure table after all that.
 *
 * Everything it inserts is deleted at the end (BENCH_KEEP=1 keeps it). Run it on a database of its
 * own, or one whose referral tables may be written to; the settings row is put back as it was.
 *
 *   DATABASE_URL=... REDIS_URL=... npx ts-node -T bench/referral-tree.ts [members=100000]
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { OrderPaidV1 } from '../src/modules/orders/events';
import { MemberViews } from '../src/modules/referrals/application/member-views';
import { ReferralTree } from '../src/modules/referrals/application/referral-tree';
import { SaleRecording } from '../src/modules/referrals/application/sale-recording';
import { newReferralCode } from '../src/modules/referrals/domain/referral-code';
import { loadEnvFile } from '../src/platform/config/load-env-file';
import { figure } from './support/report';

const MAX_DEPTH = 20;
const ROOTS = 5;
const CHUNK = 20_000;

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `fn` `runs` times (after 2 warm-up runs) and prints p50 / p95 / max in milliseconds. */
async function time(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(2, runs); i += 1) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const p50 = percentile(samples, 50);
  console.log(
    `  ${label.padEnd(74)} p50 ${p50.toFixed(3).padStart(9)} ms  p95 ${percentile(samples, 95).toFixed(3).padStart(9)} ms  max ${samples[samples.length - 1].toFixed(3).padStart(9)} ms  (${runs} runs)`,
  );
  return p50;
}

interface Tree {
  ids: string[];
  parent: Int32Array; // -1 for roots
  depth: Int32Array;
}

/** Random tree: member i picks a parent among 0..i-1 (uniformly, among the recent, or among busy recruiters). */
function growTree(n: number): Tree {
  const ids = Array.from({ length: n }, () => randomUUID());
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const rootOf = new Int32Array(n);
  const byRoot: number[][] = Array.from({ length: ROOTS }, (_, r) => [r]);
  for (let r = 0; r < ROOTS; r += 1) rootOf[r] = r;
  for (let i = ROOTS; i < n; i += 1) {
    // 96% join the big root's team; the four small roots share the rest.
    const root = Math.random() < 0.96 ? 0 : 1 + randomInt(ROOTS - 1);
    const pool = byRoot[root];
    const dice = Math.random();
    let p: number;
    if (dice < 0.5) p = pool[randomInt(pool.length)]; // anyone in the team
    else if (dice < 0.8) p = pool[Math.max(0, pool.length - 1 - randomInt(Math.min(pool.length, 30)))]; // someone who just joined: chains
    else p = pool[randomInt(Math.min(pool.length, 200))]; // one of the early, busy recruiters
    while (depth[p] >= MAX_DEPTH) p = parent[p];
    parent[i] = p;
    depth[i] = depth[p] + 1;
    rootOf[i] = root;
    pool.push(i);
  }
  return { ids, parent, depth };
}

async function main(): Promise<void> {
  loadEnvFile();
  const n = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(n) || n < 1000) throw new Error(`usage: referral-tree.ts [members >= 1000] (got ${process.argv[2]})`);
  process.env.ROLE = 'api'; // no workers, relay or schedules: nothing but what this script calls
  process.env.LOG_LEVEL ??= 'warn';
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  await app.init();
  const db = app.get(DataSource);
  const cls = app.get(ClsService);
  const txHost = app.get(TransactionHost);
  const inTx = <T>(fn: () => Promise<T>) => cls.run(() => txHost.withTransaction(fn));
  const startedAt = new Date();
  const [settingsBefore] = await db.query(`SELECT levels, rate_bps_by_level FROM referrals.settings WHERE id = 1`);
  await db.query(`UPDATE referrals.settings SET levels = 3, rate_bps_by_level = '{1000,500,200}' WHERE id = 1`);

  // 1. Shape ----------------------------------------------------------------------------------
  let t = process.hrtime.bigint();
  const tree = growTree(n);
  const depths = [...tree.depth];
  const maxDepth = Math.max(...depths);
  const meanDepth = depths.reduce((a, b) => a + b, 0) / n;
  const children = Array.from({ length: n }, () => [] as number[]);
  for (let i = 0; i < n; i += 1) if (tree.parent[i] >= 0) children[tree.parent[i]].push(i);
  const maxDirect = Math.max(...children.map((c) => c.length));
  console.log(`tree of ${fmt(n)} members grown in ${seconds(t).toFixed(2)} s: ${ROOTS} roots, depth max ${maxDepth}, mean ${meanDepth.toFixed(1)}, most direct members ${fmt(maxDirect)}`);

  // Sales and counters, computed here (the application keeps the same counters incrementally).
  const sale = new Float64Array(n);
  for (let i = 0; i < n; i += 1) if (Math.random() < 0.6) sale[i] = 100 + randomInt(50_000);
  const teamSize = new Int32Array(n);
  const teamSales = new Float64Array(n);
  const order = [...Array(n).keys()].sort((a, b) => tree.depth[b] - tree.depth[a]); // deepest first
  for (const i of order) {
    const p = tree.parent[i];
    if (p >= 0) {
      teamSize[p] += 1 + teamSize[i];
      teamSales[p] += sale[i] + teamSales[i];
    }
  }
  const ancestor = (i: number, k: number) => {
    let a = i;
    for (let s = 0; s < k && a >= 0; s += 1) a = tree.parent[a];
    return a;
  };

  // 2. Load -----------------------------------------------------------------------------------
  t = process.hrtime.bigint();
  const codes = new Set<string>();
  while (codes.size < n) codes.add(newReferralCode());
  const codeList = [...codes];
  const existing: Array<{ code: string }> = await db.query(`SELECT code FROM referrals.members WHERE code = ANY($1)`, [codeList]);
  if (existing.length > 0) throw new Error('a generated code is taken already; run again');
  const boundAt = new Date();
  for (let from = 0; from < n; from += CHUNK) {
    const idx = [...Array(Math.min(CHUNK, n - from)).keys()].map((k) => from + k);
    const idOf = (i: number) => (i >= 0 ? tree.ids[i] : null);
    await db.query(
      `INSERT INTO referrals.members (member_id, code, parent_id, grandparent_id, great_grandparent_id, bound_at, bound_via,
         direct_count, team_size, own_sales_minor, team_sales_minor, created_at, updated_at)
       SELECT u.id, u.code, u.p1, u.p2, u.p3, CASE WHEN u.p1 IS NULL THEN NULL ELSE $10::timestamptz END,
              CASE WHEN u.p1 IS NULL THEN NULL ELSE 'registration' END, u.direct, u.size, u.own, u.team, $10, $10
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::int[], $7::int[], $8::bigint[], $9::bigint[])
           AS u(id, code, p1, p2, p3, direct, size, own, team)`,
      [
        idx.map((i) => tree.ids[i]),
        idx.map((i) => codeList[i]),
        idx.map((i) => idOf(ancestor(i, 1))),
        idx.map((i) => idOf(ancestor(i, 2))),
        idx.map((i) => idOf(ancestor(i, 3))),
        idx.map((i) => children[i].length),
        idx.map((i) => teamSize[i]),
        idx.map((i) => sale[i]),
        idx.map((i) => teamSales[i]),
        boundAt,
      ],
    );
    process.stdout.write(`\r  members ${fmt(Math.min(from + CHUNK, n))}/${fmt(n)}`);
  }
  console.log(`\n  members inserted in ${seconds(t).toFixed(2)} s`);

  t = process.hrtime.bigint();
  let closureRows = 0;
  let batch: { d: string[]; depth: number[]; a: string[] } = { d: [], depth: [], a: [] };
  const flush = async () => {
    if (batch.d.length === 0) return;
    await db.query(
      `INSERT INTO referrals.tree_paths (descendant_id, depth, ancestor_id) SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[])`,
      [batch.d, batch.depth, batch.a],
    );
    closureRows += batch.d.length;
    batch = { d: [], depth: [], a: [] };
    process.stdout.write(`\r  closure rows ${fmt(closureRows)}`);
  };
  for (let i = 0; i < n; i += 1) {
    for (let a = i, d = 0; a >= 0; a = tree.parent[a], d += 1) {
      batch.d.push(tree.ids[i]);
      batch.depth.push(d);
      batch.a.push(tree.ids[a]);
    }
    if (batch.d.length >= CHUNK * 2) await flush();
  }
  await flush();
  console.log(`\n  ${fmt(closureRows)} closure rows inserted in ${seconds(t).toFixed(2)} s (${(closureRows / n).toFixed(1)} per member)`);

  t = process.hrtime.bigint();
  const buyers = [...Array(n).keys()].filter((i) => sale[i] > 0);
  for (let from = 0; from < buyers.length; from += CHUNK) {
    const idx = buyers.slice(from, from + CHUNK);
    await db.query(
      `INSERT INTO referrals.sales (order_id, order_no, buyer_id, goods_id, paid_minor, currency, counted, paid_at, recorded_at, updated_at)
       SELECT gen_random_uuid(), 'BENCH', u.buyer, $3, u.paid, 'CNY', true, $4, $4, $4 FROM unnest($1::uuid[], $2::bigint[]) AS u(buyer, paid)`,
      [idx.map((i) => tree.ids[i]), idx.map((i) => sale[i]), randomUUID(), boundAt],
    );
  }
  await db.query(`ANALYZE referrals.members, referrals.tree_paths, referrals.sales`);
  console.log(`  ${fmt(buyers.length)} sales inserted and tables analysed in ${seconds(t).toFixed(2)} s`);

  // 3. Reads ----------------------------------------------------------------------------------
  const big = 0;
  const closest = (target: number) => {
    let best = 1;
    for (let i = ROOTS; i < n; i += 1) if (Math.abs(teamSize[i] - target) < Math.abs(teamSize[best] - target)) best = i;
    return best;
  };
  const mid = closest(2_000);
  const small = closest(50);
  const teams = [
    { name: 'large', i: big },
    { name: 'mid', i: mid },
    { name: 'small', i: small },
  ];
  for (const team of teams) {
    console.log(`  ${team.name} team: member at depth ${tree.depth[team.i]} with ${fmt(teamSize[team.i])} members below, ${fmt(children[team.i].length)} direct`);
  }
  const sampleMembers = Array.from({ length: 2_000 }, () => tree.ids[randomInt(n)]);
  const deepMembers = [...Array(n).keys()].filter((i) => tree.depth[i] >= Math.min(maxDepth, 15)).map((i) => tree.ids[i]);

  console.log('upline lookup (the 3 ancestors of a random member):');
  const upline = await time('member row: parent, grandparent, great-grandparent', 2_000, (k) =>
    db.query(`SELECT parent_id, grandparent_id, great_grandparent_id FROM referrals.members WHERE member_id = $1`, [sampleMembers[k]]),
  );
  figure('upline of 3 from the member row, p50', Number(upline.toFixed(3)), 'ms');
  await time('closure table: depth 1..3', 2_000, (k) =>
    db.query(`SELECT ancestor_id, depth FROM referrals.tree_paths WHERE descendant_id = $1 AND depth BETWEEN 1 AND 3`, [sampleMembers[k]]),
  );
  await time('recursive walk over parent links (for comparison)', 2_000, (k) =>
    db.query(
      `WITH RECURSIVE up(id, d) AS (SELECT parent_id, 1 FROM referrals.members WHERE member_id = $1
         UNION ALL SELECT m.parent_id, up.d + 1 FROM up JOIN referrals.members m ON m.member_id = up.id WHERE up.d < 3)
       SELECT id, d FROM up WHERE id IS NOT NULL`,
      [sampleMembers[k]],
    ),
  );
  await time(`closure table: every ancestor of a member ${Math.min(maxDepth, 15)}+ deep`, 2_000, (k) =>
    db.query(`SELECT ancestor_id FROM referrals.tree_paths WHERE descendant_id = $1 AND depth > 0 ORDER BY depth`, [deepMembers[k % deepMembers.length]]),
  );

  for (const team of teams) {
    const id = tree.ids[team.i];
    const runs = team.name === 'large' ? 30 : 300;
    console.log(`${team.name} team (${fmt(teamSize[team.i])} members):`);
    await time('size by level 1..3 (closure, grouped)', runs, () =>
      db.query(`SELECT depth, count(*) FROM referrals.tree_paths WHERE ancestor_id = $1 AND depth BETWEEN 1 AND 3 GROUP BY depth`, [id]),
    );
    await time('total size (closure count, all depths)', runs, () =>
      db.query(`SELECT count(*) FROM referrals.tree_paths WHERE ancestor_id = $1 AND depth > 0`, [id]),
    );
    await time('team sales (closure ⋈ sales, summed)', runs, () =>
      db.query(
        `SELECT coalesce(sum(s.paid_minor - s.refunded_minor), 0) FROM referrals.tree_paths p
           JOIN referrals.sales s ON s.buyer_id = p.descendant_id AND s.counted WHERE p.ancestor_id = $1 AND p.depth > 0`,
        [id],
      ),
    );
    const counters = await time('total size + team sales (counters on the member row)', runs, () =>
      db.query(`SELECT team_size, team_sales_minor, direct_count FROM referrals.members WHERE member_id = $1`, [id]),
    );
    if (team.name === 'large') figure(`largest team's size + sales from the counters (${fmt(teamSize[team.i])} members), p50`, Number(counters.toFixed(3)), 'ms');
    await time('team sales by recursive walk (for comparison)', team.name === 'large' ? 5 : 50, () =>
      db.query(
        `WITH RECURSIVE down(id) AS (SELECT member_id FROM referrals.members WHERE parent_id = $1
           UNION ALL SELECT m.member_id FROM down JOIN referrals.members m ON m.parent_id = down.id)
         SELECT count(*), coalesce(sum(s.paid_minor), 0) FROM down LEFT JOIN referrals.sales s ON s.buyer_id = down.id`,
        [id],
      ),
    );
    const view = await time('team view service (GET /api/me/team, first page)', runs, () => inTx(() => app.get(MemberViews).team(id, 50, 0)));
    if (team.name === 'large') figure(`largest team's team view (first page), p50`, Number(view.toFixed(3)), 'ms');
  }

  // 4. Writes through the application --------------------------------------------------------
  console.log('writes through the application (one transaction each):');
  const deepestAt = [...Array(n).keys()].filter((i) => tree.depth[i] === maxDepth);
  const deepest = deepestAt.map((i) => tree.ids[i]);
  const recording = app.get(SaleRecording);
  const saleP50 = await time(`record a sale of a member ${maxDepth} deep (3 commissions, ${maxDepth} ancestors' counters)`, 200, (k) =>
    inTx(() =>
      recording.record(
        new OrderPaidV1(randomUUID(), 'BENCH', randomUUID(), 1, deepest[k % deepest.length], randomUUID(), 10_000, 'CNY', new Date().toISOString()),
      ),
    ),
  );
  figure(`record a sale ${maxDepth} levels deep, p50`, Number(saleP50.toFixed(3)), 'ms');
  const treeService = app.get(ReferralTree);
  const newcomers: string[] = [];
  const bind = await time(`bind a new member under a member ${maxDepth} deep (registration)`, 200, () => {
    const id = randomUUID();
    newcomers.push(id);
    return inTx(() => treeService.enter(id, codeList[deepestAt[newcomers.length % deepestAt.length]]));
  });
  figure('bind a new member (registration), p50', Number(bind.toFixed(3)), 'ms');
  // Move the mid-size team to a small root and back: closure rows of ~2,000 members rewritten.
  const midId = tree.ids[mid];
  const homes = [codeList[ROOTS - 1], codeList[tree.parent[mid]]];
  await time(`admin rebind of the mid-size team (${fmt(teamSize[mid] + 1)} members moved)`, 6, (k) =>
    inTx(() => treeService.rebindByAdmin(midId, homes[k % 2], 'benchmark move')),
  );

  // 5. Consistency -----------------------------------------------------------------------------
  t = process.hrtime.bigint();
  const check: Array<{ member_id: string; team_size: number; counted: number; team_sales_minor: number; summed: number }> = await db.query(
    `SELECT m.member_id, m.team_size, m.team_sales_minor,
            (SELECT count(*) FROM referrals.tree_paths p WHERE p.ancestor_id = m.member_id AND p.depth > 0)::int AS counted,
            (SELECT coalesce(sum(s.paid_minor - s.refunded_minor), 0) FROM referrals.tree_paths p
               JOIN referrals.sales s ON s.buyer_id = p.descendant_id AND s.counted WHERE p.ancestor_id = m.member_id AND p.depth > 0)::bigint AS summed
       FROM referrals.members m WHERE m.member_id = ANY($1)`,
    [[tree.ids[big], tree.ids[mid], tree.ids[small], tree.ids[ROOTS - 1], tree.ids[tree.parent[mid]]]],
  );
  const wrong = check.filter((c) => c.team_size !== c.counted || c.team_sales_minor !== c.summed);
  console.log(
    `check (${seconds(t).toFixed(2)} s): counters of the large, mid and small teams and both ends of the move ` +
      (wrong.length === 0 ? 'agree with the closure table and the sales' : `DISAGREE for ${wrong.length}: ${JSON.stringify(wrong)}`),
  );

  // 6. Clean up --------------------------------------------------------------------------------
  if (process.env.BENCH_KEEP !== '1') {
    t = process.hrtime.bigint();
    const all = [...tree.ids, ...newcomers];
    await db.query(`DELETE FROM referrals.commissions WHERE buyer_id = ANY($1)`, [all]);
    await db.query(`DELETE FROM referrals.sales WHERE buyer_id = ANY($1)`, [all]);
    for (let from = 0; from < all.length; from += CHUNK) {
      await db.query(`DELETE FROM referrals.tree_paths WHERE descendant_id = ANY($1)`, [all.slice(from, from + CHUNK)]);
    }
    await db.query(`UPDATE referrals.members SET parent_id = NULL, grandparent_id = NULL, great_grandparent_id = NULL, bound_at = NULL, bound_via = NULL WHERE member_id = ANY($1)`, [all]);
    for (let from = 0; from < all.length; from += CHUNK) {
      await db.query(`DELETE FROM referrals.members WHERE member_id = ANY($1)`, [all.slice(from, from + CHUNK)]);
    }
    await db.query(`DELETE FROM platform.outbox WHERE type LIKE 'referrals.%' AND occurred_at >= $1`, [startedAt]);
    console.log(`cleaned up in ${seconds(t).toFixed(2)} s (BENCH_KEEP=1 keeps the tree)`);
  }
  await db.query(`UPDATE referrals.settings SET levels = $1, rate_bps_by_level = $2 WHERE id = 1`, [settingsBefore.levels, settingsBefore.rate_bps_by_level]);
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
