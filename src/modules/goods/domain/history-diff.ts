/** `{ field: { from, to } }` for every field that changed; `from` is null for a new item. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** JSON with object keys sorted, so two equal values always compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * The field-level difference between two snapshots of the same record (plain JSON-safe values:
 * numbers, strings, booleans, null, arrays and objects). With no `before`, every field of `after`
 * counts as changed from null. Fields missing from a snapshot count as null.
 */
export function diffSnapshots(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>>,
): FieldChanges {
  const changes: FieldChanges = {};
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const field of fields) {
    const from = before?.[field] ?? null;
    const to = after[field] ?? null;
    if (canonical(from) !== canonical(to)) changes[field] = { from, to };
  }
  return changes;
}

export function hasChanges(changes: FieldChanges): boolean {
  return Object.keys(changes).length > 0;
}
