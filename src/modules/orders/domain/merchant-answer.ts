/** Longest item the shop stores from a merchant's answer. */
export const MAX_ITEM_LENGTH = 4096;
/** How much of a refusal's body is kept in the error, to help the merchant see what went wrong. */
const EXCERPT_LENGTH = 200;

export type MerchantAnswer = { ok: true; items: string[] } | { ok: false; error: string };

/**
 * Judges a merchant's answer: it must be HTTP 200 with a JSON body `{"items": [...]}` holding
 * exactly `quantity` distinct, non-blank strings of at most 4096 characters. Anything else is a
 * failure, described without quoting the items (they may be keys); only a non-2xx answer's body is
 * quoted (briefly), as it is the merchant's own explanation.
 */
export function readMerchantAnswer(status: number, body: string, quantity: number): MerchantAnswer {
  if (status !== 200) {
    const excerpt = status >= 200 && status < 300 ? '' : excerptOf(body);
    return fail(`the merchant answered HTTP ${status}${status >= 200 && status < 300 ? ', not 200' : ''}${excerpt ? `: ${excerpt}` : ''}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail('the answer is not JSON');
  }
  const items = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) return fail('the answer has no "items" list');
  if (items.length !== quantity) return fail(`expected ${quantity} item${quantity === 1 ? '' : 's'}, got ${items.length}`);
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (typeof item !== 'string') return fail(`item ${i + 1} is not a string`);
    if (item.trim() === '') return fail(`item ${i + 1} is empty`);
    if (item.length > MAX_ITEM_LENGTH) return fail(`item ${i + 1} is longer than ${MAX_ITEM_LENGTH} characters`);
    if (seen.has(item)) return fail(`item ${i + 1} repeats an earlier one`);
    seen.add(item);
  }
  return { ok: true, items: items as string[] };
}

const fail = (error: string): MerchantAnswer => ({ ok: false, error });

function excerptOf(body: string): string {
  // eslint-disable-next-line no-control-regex -- control characters would garble the admin view
  const flat = body.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}
