import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock/clock';
import { AppError, BusinessRuleError, ConflictError, NotFoundError } from '../../../platform/http/app-error';
import { HttpStatus } from '@nestjs/common';
import { KeyAllocator } from '../allocation/key-allocator';
import type { Partner } from './partner-accounts';

export interface Claim {
  claimId: string;
  externalRef: string;
  goodsId: string;
  quantity: number;
  createdAt: Date;
  keys: Array<{ keyId: string; secret: string }>;
}

interface ClaimRow {
  id: string;
  external_ref: string;
  goods_id: string;
  quantity: number;
  created_at: Date;
}

/**
 * A partner takes keys from its scopes. The external reference makes a claim idempotent: asking
 * again returns the same keys, never new ones. The scope row is locked first, so concurrent claims
 * of one partner on one goods item are counted against the quota one after the other.
 */
@Injectable()
export class PartnerClaims {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly allocator: KeyAllocator,
    private readonly clock: Clock,
  ) {}

  claim(partner: Partner, input: { goodsId: string; quantity: number; externalRef: string }): Promise<Claim & { replayed: boolean }> {
    return this.txHost.withTransaction(async () => {
      const [scope] = (await this.txHost.tx.query(
        `SELECT quota, claimed FROM card_keys.partner_scopes WHERE partner_id = $1 AND goods_id = $2 FOR UPDATE`,
        [partner.id, input.goodsId],
      )) as Array<{ quota: number; claimed: number }>;
      const existing = await this.find(partner.id, input.externalRef);
      if (existing) {
        if (existing.goods_id !== input.goodsId || existing.quantity !== input.quantity) {
          throw new BusinessRuleError(
            'This external reference was already used for a different claim',
            'external_ref_reused',
            { goodsId: existing.goods_id, quantity: existing.quantity },
          );
        }
        return { ...(await this.withKeys(existing)), replayed: true };
      }
      if (!scope) throw new AppError(HttpStatus.FORBIDDEN, 'goods_not_in_scope', 'This API key may not claim keys of this goods item');
      if (scope.claimed + input.quantity > scope.quota) {
        throw new ConflictError(
          `This claim would pass the quota (${scope.claimed} of ${scope.quota} claimed)`,
          'partner_quota_exceeded',
          { quota: scope.quota, claimed: scope.claimed },
        );
      }
      const row: ClaimRow = {
        id: randomUUID(),
        external_ref: input.externalRef,
        goods_id: input.goodsId,
        quantity: input.quantity,
        created_at: this.clock.now(),
      };
      await this.txHost.tx.query(
        `INSERT INTO card_keys.partner_claims (id, partner_id, external_ref, goods_id, quantity, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.id, partner.id, row.external_ref, row.goods_id, row.quantity, row.created_at],
      );
      const keys = await this.allocator.deliver({ orderId: row.id, lineId: 'claim', goodsId: row.goods_id, quantity: row.quantity });
      await this.txHost.tx.query(
        `UPDATE card_keys.partner_scopes SET claimed = claimed + $3 WHERE partner_id = $1 AND goods_id = $2`,
        [partner.id, input.goodsId, input.quantity],
      );
      return { ...this.view(row, keys), replayed: false };
    });
  }

  async get(partner: Partner, externalRef: string): Promise<Claim> {
    const row = await this.find(partner.id, externalRef);
    if (!row) throw new NotFoundError('No claim with this external reference', 'claim_not_found');
    return this.withKeys(row);
  }

  async scopes(partner: Partner) {
    const rows: Array<{ goods_id: string; quota: number; claimed: number; available: number }> = await this.txHost.tx.query(
      `SELECT s.goods_id, s.quota, s.claimed,
              (SELECT count(*)::int FROM card_keys.keys k WHERE k.goods_id = s.goods_id AND k.status = 'available') AS available
         FROM card_keys.partner_scopes s WHERE s.partner_id = $1 ORDER BY s.goods_id`,
      [partner.id],
    );
    return rows.map((r) => ({ goodsId: r.goods_id, quota: r.quota, claimed: r.claimed, available: r.available }));
  }

  private async find(partnerId: string, externalRef: string): Promise<ClaimRow | undefined> {
    const [row] = (await this.txHost.tx.query(
      `SELECT id, external_ref, goods_id, quantity, created_at FROM card_keys.partner_claims WHERE partner_id = $1 AND external_ref = $2`,
      [partnerId, externalRef],
    )) as ClaimRow[];
    return row;
  }

  private async withKeys(row: ClaimRow): Promise<Claim> {
    const keys = await this.allocator.deliver({ orderId: row.id, lineId: 'claim', goodsId: row.goods_id, quantity: row.quantity });
    return this.view(row, keys);
  }

  private view(row: ClaimRow, keys: Array<{ keyId: string; secret: string }>): Claim {
    return {
      claimId: row.id,
      externalRef: row.external_ref,
      goodsId: row.goods_id,
      quantity: row.quantity,
      createdAt: row.created_at,
      keys: keys.map(({ keyId, secret }) => ({ keyId, secret })),
    };
  }
}
