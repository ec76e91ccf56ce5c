/**
 * One PostgreSQL schema per module (DESIGN.md, rule 3) plus `platform` for shared plumbing.
 * Migrations create them; entities name theirs with `@Entity({ schema })`.
 */
export const MODULE_SCHEMAS = [
  'goods',
  'orders',
  'payments',
  'card_keys',
  'membership',
  'promotions',
  'support',
  'referrals',
] as const;

export const PLATFORM_SCHEMA = 'platform';
