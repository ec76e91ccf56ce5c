import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AuditLog } from '../../../platform/audit/audit-log';
import { Clock } from '../../../platform/clock/clock';
import { rowsOf } from '../../../platform/database/sql-result';
import { NotFoundError } from '../../../platform/http/app-error';

export interface Partner {
  id: string;
  name: string;
  rateLimitPerMinute: number;
}

const PREFIX = 'csp_';
const hashApiKey = (apiKey: string) => createHash('sha256').update(apiKey, 'utf8').digest('hex');

/** Platforms that license the vault: their accounts, hashed API keys and goods scopes with quotas. */
@Injectable()
export class PartnerAccounts {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(name: string, rateLimitPerMinute: number): Promise<Partner> {
    const id = randomUUID();
    await this.txHost.tx.query(
      `INSERT INTO card_keys.partners (id, name, rate_limit_per_minute, created_at) VALUES ($1, $2, $3, $4)`,
      [id, name, rateLimitPerMinute, this.clock.now()],
    );
    await this.audit.record({ action: 'card-keys.partner.create', targetType: 'partner', targetId: id, details: { name, rateLimitPerMinute } });
    return { id, name, rateLimitPerMinute };
  }

  async list() {
    const partners: Array<Record<string, unknown>> = await this.txHost.tx.query(
      `SELECT p.id, p.name, p.rate_limit_per_minute, p.disabled_at,
              coalesce(json_agg(json_build_object('goodsId', s.goods_id, 'quota', s.quota, 'claimed', s.claimed))
                       FILTER (WHERE s.goods_id IS NOT NULL), '[]') AS scopes
         FROM card_keys.partners p LEFT JOIN card_keys.partner_scopes s ON s.partner_id = p.id
        GROUP BY p.id ORDER BY p.name`,
    );
    return partners.map((p) => ({
      id: p.id,
      name: p.name,
      rateLimitPerMinute: p.rate_limit_per_minute,
      disabledAt: p.disabled_at,
      scopes: p.scopes,
    }));
  }

  /** Issues an API key; the key is returned once and only its hash is kept. */
  async issueApiKey(partnerId: string): Promise<{ apiKeyId: string; apiKey: string }> {
    await this.mustExist(partnerId);
    const apiKey = PREFIX + randomBytes(32).toString('base64url');
    const apiKeyId = randomUUID();
    await this.txHost.tx.query(
      `INSERT INTO card_keys.partner_api_keys (id, partner_id, key_hash, created_at) VALUES ($1, $2, $3, $4)`,
      [apiKeyId, partnerId, hashApiKey(apiKey), this.clock.now()],
    );
    await this.audit.record({ action: 'card-keys.partner.api-key.issue', targetType: 'partner', targetId: partnerId, details: { apiKeyId } });
    return { apiKeyId, apiKey };
  }

  async revokeApiKey(partnerId: string, apiKeyId: string): Promise<void> {
    const revoked = rowsOf(
      await this.txHost.tx.query(
        `UPDATE card_keys.partner_api_keys SET revoked_at = $3 WHERE id = $1 AND partner_id = $2 AND revoked_at IS NULL RETURNING id`,
        [apiKeyId, partnerId, this.clock.now()],
      ),
    );
    if (revoked.length === 0) throw new NotFoundError('No active API key with this id for this partner', 'partner_api_key_not_found');
    await this.audit.record({ action: 'card-keys.partner.api-key.revoke', targetType: 'partner', targetId: partnerId, details: { apiKeyId } });
  }

  /** Lets the partner claim keys of a goods item, up to `quota` keys in all. */
  async setScope(partnerId: string, goodsId: string, quota: number) {
    await this.mustExist(partnerId);
    const [scope] = (await this.txHost.tx.query(
      `INSERT INTO card_keys.partner_scopes (partner_id, goods_id, quota) VALUES ($1, $2, $3)
       ON CONFLICT (partner_id, goods_id) DO UPDATE SET quota = GREATEST(EXCLUDED.quota, card_keys.partner_scopes.claimed)
       RETURNING goods_id, quota, claimed`,
      [partnerId, goodsId, quota],
    )) as Array<{ goods_id: string; quota: number; claimed: number }>;
    await this.audit.record({ action: 'card-keys.partner.scope', targetType: 'partner', targetId: partnerId, details: { goodsId, quota: scope.quota } });
    return { goodsId: scope.goods_id, quota: scope.quota, claimed: scope.claimed };
  }

  async authenticate(apiKey: string): Promise<Partner | null> {
    if (!apiKey.startsWith(PREFIX) || apiKey.length !== PREFIX.length + 43) return null;
    const [row] = (await this.txHost.tx.query(
      `SELECT p.id, p.name, p.rate_limit_per_minute FROM card_keys.partner_api_keys k
         JOIN card_keys.partners p ON p.id = k.partner_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND p.disabled_at IS NULL`,
      [hashApiKey(apiKey)],
    )) as Array<{ id: string; name: string; rate_limit_per_minute: number }>;
    return row ? { id: row.id, name: row.name, rateLimitPerMinute: row.rate_limit_per_minute } : null;
  }

  private async mustExist(partnerId: string): Promise<void> {
    const [found] = (await this.txHost.tx.query(`SELECT 1 FROM card_keys.partners WHERE id = $1`, [partnerId])) as unknown[];
    if (!found) throw new NotFoundError(`No partner ${partnerId}`, 'partner_not_found');
  }
}
