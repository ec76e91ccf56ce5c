export const ADMIN_ROLES = ['owner', 'operator', 'marketing', 'support', 'finance'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(value: string): value is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(value);
}

/** The owner may do everything; anyone else needs one of the roles an endpoint names. */
export function roleAllows(held: readonly AdminRole[], required: readonly AdminRole[]): boolean {
  if (held.includes('owner')) return true;
  return required.some((role) => held.includes(role));
}
