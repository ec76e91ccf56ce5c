/**
 * Stripe's request bodies, as the fake reads them: `application/x-www-form-urlencoded` with
 * bracket notation for nesting, `line_items[0][price_data][currency]=jpy`, numeric segments
 * being list indexes. Values stay strings, as they arrive; the fake checks their form itself.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

export function parseStripeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = keyPath(key);
    if (!path) throw new Error(`Invalid parameter name: ${key}`);
    let node: FormObject | FormValue[] = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const container = node as Record<string, FormValue>;
      if (last) {
        container[segment] = value;
        return;
      }
      const child = container[segment] ?? (/^\d+$/.test(path[i + 1]) ? [] : {});
      if (typeof child === 'string') throw new Error(`Invalid parameter name: ${key}`);
      container[segment] = child;
      node = child;
    });
  }
  return root;
}

/** `a[b][0]` → ['a', 'b', '0']; null when the brackets are not well formed. */
function keyPath(key: string): string[] | null {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return null;
  const rest = [...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]);
  return rest.some((segment) => segment === '') ? null : [match[1], ...rest];
}

/** The value at a path when it is a string (a leaf), else undefined. */
export function formString(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function formObject(value: FormValue | undefined): FormObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

export function formList(value: FormValue | undefined): FormValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}
