/**
 * Every module has its own queue for the event deliveries addressed to its subscribers, so a slow or
 * failing module never holds up another's. `platform` carries the shared plumbing's jobs.
 */
export const QUEUE_OWNERS = [
  'platform',
  'goods',
  'orders',
  'payments',
  'card-keys',
  'membership',
  'promotions',
  'support',
  'referrals',
  'notifications',
  'webhooks',
] as const;

export type QueueOwner = (typeof QUEUE_OWNERS)[number];

export function eventQueueOf(owner: QueueOwner): string {
  return `${owner}.events`;
}

export const EVENT_QUEUES = QUEUE_OWNERS.map(eventQueueOf);

export function isQueueOwner(name: string): name is QueueOwner {
  return (QUEUE_OWNERS as readonly string[]).includes(name);
}

/** Repeatable jobs of every module (expiry sweeps, reconciliation, housekeeping). */
export const SCHEDULES_QUEUE = 'platform.schedules';
