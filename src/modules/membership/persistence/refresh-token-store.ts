import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { affectedOf } from '../../../platform/database/sql-result';

export type RevokeReason = 'signed_out' | 'reused' | 'password_changed';

export interface RefreshTokenRecord {
  id: string;
  memberId: string;
  familyId: string;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  member_id: string;
  family_id: string;
  issued_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

const toRecord = (r: Row): RefreshTokenRecord => ({
  id: r.id,
  memberId: r.member_id,
  familyId: r.family_id,
  issuedAt: r.issued_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  revokedAt: r.revoked_at,
});

/** Refresh tokens, kept only as SHA-256 digests. */
@Injectable()
export class RefreshTokenStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insert(t: { id: string; memberId: string; familyId: string; digest: Buffer; issuedAt: Date; expiresAt: Date }): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO membership.refresh_tokens (id, member_id, family_id, token_digest, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [t.id, t.memberId, t.familyId, t.digest, t.issuedAt, t.expiresAt],
    );
  }

  /** The token with this digest, locked when asked: two refreshes with one token are judged one after the other. */
  async byDigest(digest: Buffer, lock = false): Promise<RefreshTokenRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT id, member_id, family_id, issued_at, expires_at, used_at, revoked_at FROM membership.refresh_tokens
        WHERE token_digest = $1${lock ? ' FOR UPDATE' : ''}`,
      [digest],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE membership.refresh_tokens SET used_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Revokes every token of the family not revoked yet; returns how many. */
  async revokeFamily(familyId: string, reason: RevokeReason, at: Date): Promise<number> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE membership.refresh_tokens SET revoked_at = $2, revoked_reason = $3 WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, at, reason],
    );
    return affectedOf(result);
  }

  async revokeAllOf(memberId: string, reason: RevokeReason, at: Date): Promise<number> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE membership.refresh_tokens SET revoked_at = $2, revoked_reason = $3 WHERE member_id = $1 AND revoked_at IS NULL`,
      [memberId, at, reason],
    );
    return affectedOf(result);
  }

  /** Sign-ins still able to refresh (a family with an unspent, unrevoked, unexpired token). */
  async activeSessions(memberId: string, now: Date): Promise<number> {
    const [row]: Array<{ n: number }> = await this.txHost.tx.query(
      `SELECT count(*)::int AS n FROM membership.refresh_tokens
        WHERE member_id = $1 AND revoked_at IS NULL AND used_at IS NULL AND expires_at > $2`,
      [memberId, now],
    );
    return row.n;
  }

  /** Forgets tokens that expired before `before`: they can neither refresh nor reveal a theft any more. */
  async purgeExpired(before: Date, limit: number): Promise<number> {
    const result: unknown = await this.txHost.tx.query(
      `DELETE FROM membership.refresh_tokens WHERE id IN (
         SELECT id FROM membership.refresh_tokens WHERE expires_at < $1 LIMIT $2)`,
      [before, limit],
    );
    return affectedOf(result);
  }
}
