/** True for PostgreSQL's unique_violation (23505), optionally on one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return pgError(error, '23505', constraint);
}

/** True for PostgreSQL's foreign_key_violation (23503), optionally on one named constraint. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return pgError(error, '23503', constraint);
}

function pgError(error: unknown, code: string, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const actual = e?.driverError ?? e;
  return actual?.code === code && (constraint === undefined || actual.constraint === constraint);
}
