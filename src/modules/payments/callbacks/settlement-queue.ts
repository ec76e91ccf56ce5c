/** Verified callbacks wait here to be settled; one job per callback, its id the callback's id. */
export const SETTLEMENT_QUEUE = 'payments.settlements';

export interface SettlementJob {
  callbackId: string;
}

export const SETTLEMENT_JOB_OPTIONS = { attempts: 8, backoffMs: 2000 };
