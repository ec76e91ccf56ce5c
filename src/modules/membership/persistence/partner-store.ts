import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { affectedOf } from '../../../platform/database/sql-result';

/** Links between partner users and members, and the partner assertions already used. */
@Injectable()
export class PartnerStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Serialises sign-ins of one partner user (until the transaction ends), so two first sign-ins at
   * once create one member, not two.
   */
  async lockSubject(partner: string, subject: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`membership.partner-link\n${partner}\n${subject}`]);
  }

  async memberOf(partner: string, subject: string): Promise<string | null> {
    const rows: Array<{ member_id: string }> = await this.txHost.tx.query(
      `SELECT member_id FROM membership.partner_links WHERE partner = $1 AND subject = $2`,
      [partner, subject],
    );
    return rows[0]?.member_id ?? null;
  }

  async link(partner: string, subject: string, memberId: string, at: Date): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO membership.partner_links (partner, subject, member_id, linked_at) VALUES ($1, $2, $3, $4)`, [
      partner,
      subject,
      memberId,
      at,
    ]);
  }

  async linksOf(memberId: string): Promise<Array<{ partner: string; linkedAt: Date }>> {
    const rows: Array<{ partner: string; linked_at: Date }> = await this.txHost.tx.query(
      `SELECT partner, linked_at FROM membership.partner_links WHERE member_id = $1 ORDER BY linked_at`,
      [memberId],
    );
    return rows.map((r) => ({ partner: r.partner, linkedAt: r.linked_at }));
  }

  /** Records an assertion as used; false when it was used already (a replay). */
  async markAssertionUsed(digest: Buffer, partner: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO membership.used_partner_assertions (digest, partner, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING digest`,
      [digest, partner, expiresAt],
    );
    return rows.length === 1;
  }

  /** Forgets used assertions that have expired (an expired one is refused anyway). */
  async purgeUsedAssertions(before: Date, limit: number): Promise<number> {
    const result: unknown = await this.txHost.tx.query(
      `DELETE FROM membership.used_partner_assertions WHERE digest IN (
         SELECT digest FROM membership.used_partner_assertions WHERE expires_at < $1 LIMIT $2)`,
      [before, limit],
    );
    return affectedOf(result);
  }
}
