/**
 * TypeORM's raw `query()` answers UPDATE and DELETE with `[rows, affectedCount]` and every other
 * statement with the rows alone. These read either shape, so callers never guess.
 */
type RawResult<T> = T[] | [T[], number];

const isUpdateShape = <T>(result: RawResult<T>): result is [T[], number] =>
  result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';

export function rowsOf<T>(result: unknown): T[] {
  const raw = result as RawResult<T>;
  return isUpdateShape(raw) ? raw[0] : (raw as T[]);
}

export function affectedOf(result: unknown): number {
  const raw = result as RawResult<unknown>;
  return isUpdateShape(raw) ? raw[1] : raw.length;
}
