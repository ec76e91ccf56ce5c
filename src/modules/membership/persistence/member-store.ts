import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export interface MemberRecord {
  id: string;
  email: string;
  emailIsPlaceholder: boolean;
  passwordHash: string | null;
  displayName: string | null;
  points: number;
  lifetimeSpendMinor: number;
  /** The level last announced; the live level is computed from the levels (LevelAssignment). */
  levelId: string | null;
  levelsRevision: number;
  referralCode: string | null;
  registeredAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  email: string;
  email_is_placeholder: boolean;
  password_hash: string | null;
  display_name: string | null;
  points: number;
  lifetime_spend_minor: number;
  level_id: string | null;
  levels_revision: number;
  referral_code: string | null;
  registered_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): MemberRecord => ({
  id: r.id,
  email: r.email,
  emailIsPlaceholder: r.email_is_placeholder,
  passwordHash: r.password_hash,
  displayName: r.display_name,
  points: r.points,
  lifetimeSpendMinor: r.lifetime_spend_minor,
  levelId: r.level_id,
  levelsRevision: r.levels_revision,
  referralCode: r.referral_code,
  registeredAt: r.registered_at,
  updatedAt: r.updated_at,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS =
  'id, email, email_is_placeholder, password_hash, display_name, points, lifetime_spend_minor, level_id, levels_revision, referral_code, registered_at, updated_at';

/** Members' rows. Whoever changes points, spend or level locks the row first (`lock`). */
@Injectable()
export class MemberStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Inserts the member unless the e-mail is taken; false when it is (nothing inserted). */
  async insert(m: MemberRecord): Promise<boolean> {
    const rows: Array<{ id: string }> = await this.txHost.tx.query(
      `INSERT INTO membership.members (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [
        m.id,
        m.email,
        m.emailIsPlaceholder,
        m.passwordHash,
        m.displayName,
        m.points,
        m.lifetimeSpendMinor,
        m.levelId,
        m.levelsRevision,
        m.referralCode,
        m.registeredAt,
        m.updatedAt,
      ],
    );
    return rows.length === 1;
  }

  async byId(id: string, lock = false): Promise<MemberRecord | null> {
    if (!UUID.test(id)) return null; // ids from other modules are not trusted to be well formed
    const rows: Row[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM membership.members WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async byEmail(email: string): Promise<MemberRecord | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM membership.members WHERE email = $1`, [email]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Members whose address starts with `emailPrefix` (all without one), newest first. */
  async list(emailPrefix: string | undefined, limit: number, offset: number): Promise<{ items: MemberRecord[]; total: number }> {
    const pattern = emailPrefix === undefined ? null : `${emailPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows: Array<Row & { total: number }> = await this.txHost.tx.query(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM membership.members
        WHERE ($1::text IS NULL OR email LIKE $1)
        ORDER BY registered_at DESC, id LIMIT $2 OFFSET $3`,
      [pattern, limit, offset],
    );
    return { items: rows.map(toRecord), total: rows[0]?.total ?? 0 };
  }

  async setDisplayName(id: string, displayName: string | null, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE membership.members SET display_name = $2, updated_at = $3 WHERE id = $1`, [id, displayName, at]);
  }

  async setPasswordHash(id: string, passwordHash: string, at: Date): Promise<void> {
    await this.txHost.tx.query(`UPDATE membership.members SET password_hash = $2, updated_at = $3 WHERE id = $1`, [id, passwordHash, at]);
  }

  /** Moves points and spend by signed amounts; the row must be locked by the caller. */
  async addStanding(id: string, points: number, spendMinor: number, at: Date): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE membership.members SET points = points + $2, lifetime_spend_minor = lifetime_spend_minor + $3, updated_at = $4 WHERE id = $1`,
      [id, points, spendMinor, at],
    );
  }

  async setLevel(id: string, levelId: string | null, levelsRevision: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE membership.members SET level_id = $2, levels_revision = $3 WHERE id = $1`, [id, levelId, levelsRevision]);
  }

  /**
   * Members whose stored level predates `revision`, locked; rows another transaction holds (a points
   * change, which recalculates them itself) are skipped rather than waited for.
   */
  async staleForLevels(revision: number, limit: number): Promise<MemberRecord[]> {
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM membership.members WHERE levels_revision < $1 ORDER BY levels_revision, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [revision, limit],
    );
    return rows.map(toRecord);
  }

  async countAtLevel(levelId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.txHost.tx.query(`SELECT count(*)::int AS n FROM membership.members WHERE level_id = $1`, [levelId]);
    return row.n;
  }

  async countsByLevel(): Promise<Map<string, number>> {
    const rows: Array<{ level_id: string; n: number }> = await this.txHost.tx.query(
      `SELECT level_id, count(*)::int AS n FROM membership.members WHERE level_id IS NOT NULL GROUP BY level_id`,
    );
    return new Map(rows.map((r) => [r.level_id, r.n]));
  }
}
