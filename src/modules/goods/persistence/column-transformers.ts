import type { ValueTransformer } from 'typeorm';

/** PostgreSQL bigint arrives as a string; money amounts are kept below 2^53, so a number is exact. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
