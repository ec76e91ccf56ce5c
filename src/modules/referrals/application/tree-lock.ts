import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/**
 * One transaction-scoped lock over the shape of the tree. Binding, rebinding and rank changes take
 * it exclusively (rare: registrations and admin actions); sales and refunds take it shared, so
 * they run side by side but never while a subtree moves under them (a sale adds to the team
 * counters of the ancestors it read, which must still be its ancestors when it commits).
 */
@Injectable()
export class TreeLock {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async exclusive(): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('referrals.tree'))`);
  }

  async shared(): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock_shared(hashtext('referrals.tree'))`);
  }
}
