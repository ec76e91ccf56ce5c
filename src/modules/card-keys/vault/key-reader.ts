import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditLog } from '../../../platform/audit/audit-log';
import { CardKeyCipher } from './card-key-cipher';

export interface OpenedKey {
  keyId: string;
  goodsId: string;
  secret: string;
}

interface SealedRow {
  id: string;
  goods_id: string;
  sealed_secret: Buffer;
  batch_id: string;
  master_key_id: string;
  wrapped_data_key: Buffer;
}

/** The one place card keys are decrypted; every call leaves an audit entry (never the secrets). */
@Injectable()
export class KeyReader {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cipher: CardKeyCipher,
    private readonly audit: AuditLog,
  ) {}

  /** Opens the keys with these ids, in the order given. */
  async open(
    keyIds: readonly string[],
    why: { action: string; targetType: string; targetId: string; reason?: string },
  ): Promise<OpenedKey[]> {
    if (keyIds.length === 0) return [];
    const rows: SealedRow[] = await this.txHost.tx.query(
      `SELECT k.id, k.goods_id, k.sealed_secret, k.batch_id, b.master_key_id, b.wrapped_data_key
         FROM card_keys.keys k JOIN card_keys.batches b ON b.id = k.batch_id
        WHERE k.id = ANY($1::uuid[])`,
      [[...new Set(keyIds)]],
    );
    const byId = new Map(
      rows.map((r) => {
        const dataKey = this.cipher.dataKey(r.batch_id, { masterKeyId: r.master_key_id, wrapped: r.wrapped_data_key });
        return [r.id, { keyId: r.id, goodsId: r.goods_id, secret: this.cipher.openSecret(dataKey, r.id, r.goods_id, r.sealed_secret) }];
      }),
    );
    await this.audit.record({
      action: why.action,
      targetType: why.targetType,
      targetId: why.targetId,
      reason: why.reason,
      details: { keysDecrypted: keyIds.length, keyIds: [...new Set(keyIds)].slice(0, 100) },
    });
    return keyIds.map((id) => {
      const opened = byId.get(id);
      if (!opened) throw new Error(`card key ${id} does not exist`);
      return opened;
    });
  }
}
