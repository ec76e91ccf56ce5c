import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dynamic delivery, goods side: a third delivery type, `dynamic`, whose goods name the merchant
 * endpoint the shop asks for the items at payment time ({url, timeoutMs}; the signing secret is a
 * shop setting, never stored here). Only dynamic goods carry an endpoint, and they always do.
 */
export class GoodsDynamicDelivery1795561000000 implements MigrationInterface {
  name = 'GoodsDynamicDelivery1795561000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE goods.goods DROP CONSTRAINT goods_delivery_type_check`);
    await q.query(`ALTER TABLE goods.goods ADD CONSTRAINT goods_delivery_type_check CHECK (delivery_type IN ('auto', 'manual', 'dynamic'))`);
    await q.query(`ALTER TABLE goods.goods ADD COLUMN dynamic_delivery jsonb`);
    await q.query(`
      ALTER TABLE goods.goods ADD CONSTRAINT goods_dynamic_delivery_ck CHECK (
        (delivery_type = 'dynamic') = (dynamic_delivery IS NOT NULL)
        AND (dynamic_delivery IS NULL OR (jsonb_typeof(dynamic_delivery -> 'url') = 'string'
                                          AND jsonb_typeof(dynamic_delivery -> 'timeoutMs') = 'number')))`);
  }

  /** Refused (by the CHECK) while dynamic goods exist: they cannot become auto or manual by themselves. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE goods.goods DROP CONSTRAINT goods_dynamic_delivery_ck`);
    await q.query(`ALTER TABLE goods.goods DROP COLUMN dynamic_delivery`);
    await q.query(`ALTER TABLE goods.goods DROP CONSTRAINT goods_delivery_type_check`);
    await q.query(`ALTER TABLE goods.goods ADD CONSTRAINT goods_delivery_type_check CHECK (delivery_type IN ('auto', 'manual'))`);
  }
}
