import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AdminRole, isAdminRole } from './admin-roles';
import { hashAdminToken, looksLikeAdminToken, newAdminToken } from './admin-token';

export interface AdminPrincipal {
  id: string;
  email: string;
  roles: AdminRole[];
  tokenId: string;
}

export interface CreatedAdmin {
  id: string;
  email: string;
  roles: AdminRole[];
  /** Shown once; only its hash is kept. */
  token: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Admin accounts and their bearer tokens. Plain class over an EntityManager so the CLI
 * (`npm run admin:create`) and the app share it.
 */
export class AdminAccounts {
  constructor(
    private readonly manager: EntityManager,
    private readonly now: () => Date,
  ) {}

  async create(input: { email: string; roles: string[]; name?: string; tokenLabel?: string }): Promise<CreatedAdmin> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new Error(`"${input.email}" is not an email address`);
    const unknown = input.roles.filter((r) => !isAdminRole(r));
    if (unknown.length > 0 || input.roles.length === 0) {
      throw new Error(`roles must be one or more of owner, operator, marketing, support, finance (got ${input.roles.join(', ') || 'none'})`);
    }
    const roles = [...new Set(input.roles)] as AdminRole[];
    return this.manager.transaction(async (tx) => {
      const exists: unknown[] = await tx.query(`SELECT 1 FROM platform.admin_users WHERE lower(email) = $1`, [email]);
      if (exists.length > 0) throw new Error(`an admin with the email ${email} already exists`);
      const id = randomUUID();
      await tx.query(
        `INSERT INTO platform.admin_users (id, email, name, roles, created_at) VALUES ($1, $2, $3, $4, $5)`,
        [id, email, input.name ?? null, roles, this.now()],
      );
      const token = await new AdminAccounts(tx, this.now).issueToken(id, input.tokenLabel ?? 'created with the account');
      return { id, email, roles, token };
    });
  }

  async issueToken(adminUserId: string, label: string, expiresAt: Date | null = null): Promise<string> {
    const { token, hash } = newAdminToken();
    await this.manager.query(
      `INSERT INTO platform.admin_tokens (id, admin_user_id, token_hash, label, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), adminUserId, hash, label, this.now(), expiresAt],
    );
    return token;
  }

  /** The admin a token belongs to, or null for an unknown, revoked or expired token or a disabled admin. */
  async authenticate(token: string): Promise<AdminPrincipal | null> {
    if (!looksLikeAdminToken(token)) return null;
    const rows: Array<{ id: string; email: string; roles: AdminRole[]; token_id: string }> = await this.manager.query(
      `SELECT u.id, u.email, u.roles, t.id AS token_id
         FROM platform.admin_tokens t JOIN platform.admin_users u ON u.id = t.admin_user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > $2)`,
      [hashAdminToken(token), this.now()],
    );
    const row = rows[0];
    if (!row) return null;
    return { id: row.id, email: row.email, roles: row.roles, tokenId: row.token_id };
  }
}
