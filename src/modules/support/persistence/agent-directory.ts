import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

export interface Agent {
  id: string;
  email: string;
  name: string | null;
}

/**
 * Support agents are admin accounts (platform data). The platform's AdminAccounts has no lookup by
 * id, so this reads `platform.admin_users` directly, read-only: who may be assigned a ticket, and the
 * names the figures show.
 */
@Injectable()
export class AgentDirectory {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** An enabled admin holding the support (or owner) role, or null. */
  async agent(id: string): Promise<Agent | null> {
    const rows: Agent[] = await this.txHost.tx.query(
      `SELECT id, email, name FROM platform.admin_users
        WHERE id = $1 AND disabled_at IS NULL AND roles && ARRAY['support', 'owner']::text[]`,
      [id],
    );
    return rows[0] ?? null;
  }

  async named(ids: string[]): Promise<Map<string, Agent>> {
    if (ids.length === 0) return new Map();
    const rows: Agent[] = await this.txHost.tx.query(`SELECT id, email, name FROM platform.admin_users WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((a) => [a.id, a]));
  }
}
