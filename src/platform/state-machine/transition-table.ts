/**
 * Life cycles as data (orders, withdrawals, tickets...): every allowed move is one row
 * `{from, action, to}`, anything else is refused. The same checks run on every table at boot, so a
 * mistyped status or an unreachable one stops the process instead of surfacing in production.
 */

export interface Transition<S extends string, A extends string> {
  from: S;
  action: A;
  to: S;
}

export interface TransitionTableSpec<S extends string, A extends string> {
  /** Every status the table may use. */
  statuses: readonly S[];
  /** Where new records start (one or several). */
  initial: S | readonly S[];
  table: readonly Transition<S, A>[];
  /** Statuses nothing leaves. */
  final?: readonly S[];
}

/** The status `action` leads to from `from`, or null when the table has no such move. */
export function nextStateIn<S extends string, A extends string>(table: readonly Transition<S, A>[], from: S, action: A): S | null {
  return table.find((t) => t.from === from && t.action === action)?.to ?? null;
}

/** The actions the table allows from a status (for error messages and UIs). */
export function actionsFrom<S extends string, A extends string>(table: readonly Transition<S, A>[], from: S): A[] {
  return table.filter((t) => t.from === from).map((t) => t.action);
}

/**
 * What is wrong with a table: unknown statuses, two targets for one (from, action), moves that go
 * nowhere, statuses that cannot be reached from the initial ones, a way out of a final status.
 * An empty list means the table is sound.
 */
export function transitionProblems<S extends string, A extends string>(spec: TransitionTableSpec<S, A>): string[] {
  const problems: string[] = [];
  const known = new Set<string>(spec.statuses);
  const seen = new Set<string>();
  for (const t of spec.table) {
    if (!known.has(t.from)) problems.push(`unknown status "${t.from}"`);
    if (!known.has(t.to)) problems.push(`unknown status "${t.to}"`);
    const key = `${t.from}:${t.action}`;
    if (seen.has(key)) problems.push(`two transitions for ${t.action} from ${t.from}`);
    seen.add(key);
    if (t.from === t.to) problems.push(`${t.action} from ${t.from} goes nowhere`);
  }
  const initial: readonly S[] = Array.isArray(spec.initial) ? spec.initial : [spec.initial as S];
  const reachable = new Set<S>(initial);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of spec.table) {
      if (reachable.has(t.from) && !reachable.has(t.to)) {
        reachable.add(t.to);
        grew = true;
      }
    }
  }
  for (const status of spec.statuses) {
    if (!reachable.has(status)) problems.push(`status "${status}" cannot be reached`);
  }
  for (const t of spec.table) {
    if (spec.final?.includes(t.from)) problems.push(`final status "${t.from}" has a way out (${t.action})`);
  }
  return problems;
}
