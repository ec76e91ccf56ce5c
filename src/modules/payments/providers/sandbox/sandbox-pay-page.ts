import type { SandboxTransaction } from './sandbox-ledger';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** An amount in minor units as the currency writes it (2 decimals for CNY, none for JPY). */
export function formatAmount(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
.box{border:1px solid #ddd;border-radius:8px;padding:1.5rem}.amount{font-size:2rem;font-weight:600}
.note{color:#888;font-size:.85rem}button{font-size:1.1rem;padding:.6rem 2rem;margin-right:.5rem}</style>
</head><body><div class="box">${body}</div><p class="note">Sandbox payment provider: no real money moves.</p></body></html>`;

export function payPage(t: SandboxTransaction, action: string): string {
  const head = `<h1>Pay order ${escape(t.orderNo)}</h1><p>${escape(t.subject)}</p>
<p class="amount">${escape(formatAmount(t.amountMinor, t.currency))}</p>`;
  if (t.status !== 'unpaid') return layout('Sandbox payment', `${head}<p>This payment is already ${t.status === 'paid' ? 'paid' : 'closed'}.</p>`);
  return layout(
    'Sandbox payment',
    `${head}
<form method="post" action="${escape(action)}"><input type="hidden" name="outcome" value="paid"><button type="submit">Pay</button></form>`,
  );
}

export function paidPage(t: SandboxTransaction, callbackStatus: number | null): string {
  const outcome = t.status === 'paid' ? 'Payment complete.' : 'Payment failed.';
  const shop = callbackStatus === null ? 'The shop could not be reached; it will find out when it checks.' : `The shop answered ${callbackStatus}.`;
  const back = t.returnUrl ? `<p><a href="${escape(t.returnUrl)}">Back to the shop</a></p>` : '';
  return layout('Sandbox payment', `<h1>${outcome}</h1><p>Order ${escape(t.orderNo)}: ${escape(formatAmount(t.amountMinor, t.currency))}</p><p>${shop}</p>${back}`);
}
