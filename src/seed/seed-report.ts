import type { SeedResult } from './seed-shop';

const money = (minor: number) => `${(minor / 100).toFixed(2)} CNY`;

/**
 * What a person reads after the seed: where to open the shop, the owner token (only on the run that
 * made it: it is stored hashed and cannot be shown again) and a buy from the command line.
 */
export function formatSeedReport(result: SeedResult, shopUrl: string, docsEnabled: boolean): string {
  const lines: string[] = [''];
  if (result.seeded) {
    lines.push('The shop is seeded: an owner admin, the sandbox payment channel and these goods with card keys:');
  } else {
    lines.push('The shop was already seeded (the owner admin exists): nothing was changed. Its goods:');
  }
  for (const g of result.goods) lines.push(`    ${g.title} (${money(g.priceMinor)})  id ${g.id}`);
  lines.push(
    '',
    `  Shop         ${shopUrl}/`,
    `  Admin        ${shopUrl}/admin  (sign in with the owner token)`,
    ...(docsEnabled ? [`  API docs     ${shopUrl}/docs`] : []),
    '',
  );
  if (result.seeded) {
    lines.push('  Owner admin token (shown this once: store it now):', `    ${result.ownerToken}`, '');
  } else {
    lines.push('  The owner token was shown when the shop was seeded; make another admin with `npm run admin:create`.', '');
  }
  const goodsId = result.goods[0]?.id ?? '<goods id>';
  const json = `-H 'Content-Type: application/json'`;
  lines.push(
    '  Buy from a terminal (the sandbox channel takes the payment; no money moves):',
    `    curl -s -X POST ${shopUrl}/api/orders ${json} \\`,
    `      -d '{"goodsId":"${goodsId}","quantity":1,"contact":"you@example.com","queryPassword":"my-secret"}'`,
    `    Open ${shopUrl} followed by the payment.payUrl it answers, press Pay, then read the key with its orderNo:`,
    `    curl -s -X POST ${shopUrl}/api/orders/<orderNo>/lookup ${json} \\`,
    `      -d '{"contact":"you@example.com","queryPassword":"my-secret"}'`,
    '',
  );
  return lines.join('\n');
}
