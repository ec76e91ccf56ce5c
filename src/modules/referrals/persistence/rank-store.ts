import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export interface Rank {
  id: string;
  name: string;
  position: number;
  minDirectMembers: number;
  minTeamSalesMinor: number;
  rateBpsByLevel: number[];
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  name: string;
  position: number;
  min_direct_members: number;
  min_team_sales_minor: number;
  rate_bps_by_level: number[];
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: Row): Rank => ({
  id: r.id,
  name: r.name,
  position: r.position,
  minDirectMembers: r.min_direct_members,
  minTeamSalesMinor: r.min_team_sales_minor,
  rateBpsByLevel: r.rate_bps_by_level,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Ranks configured by finance; a handful of rows, read whole. */
@Injectable()
export class RankStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async all(): Promise<Rank[]> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM referrals.ranks ORDER BY position`);
    return rows.map(toRecord);
  }

  async byId(id: string): Promise<Rank | null> {
    const rows: Row[] = await this.txHost.tx.query(`SELECT * FROM referrals.ranks WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Inserts or updates; returns the name or position that another rank holds already, if any (nothing is written then). */
  async save(rank: Rank): Promise<'name' | 'position' | null> {
    const clash: Array<{ name: string; position: number }> = await this.txHost.tx.query(
      `SELECT name, position FROM referrals.ranks WHERE id <> $1 AND (lower(name) = lower($2) OR position = $3)`,
      [rank.id, rank.name, rank.position],
    );
    if (clash.length > 0) return clash[0].position === rank.position ? 'position' : 'name';
    await this.txHost.tx.query(
      `INSERT INTO referrals.ranks (id, name, position, min_direct_members, min_team_sales_minor, rate_bps_by_level, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position, min_direct_members = EXCLUDED.min_direct_members,
         min_team_sales_minor = EXCLUDED.min_team_sales_minor, rate_bps_by_level = EXCLUDED.rate_bps_by_level, updated_at = EXCLUDED.updated_at`,
      [rank.id, rank.name, rank.position, rank.minDirectMembers, rank.minTeamSalesMinor, rank.rateBpsByLevel, rank.createdAt, rank.updatedAt],
    );
    return null;
  }

  async delete(id: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM referrals.ranks WHERE id = $1`, [id]);
  }
}
