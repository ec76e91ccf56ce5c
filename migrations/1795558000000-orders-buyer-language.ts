import { MigrationInterface, QueryRunner } from 'typeorm';

/** The language the buyer shopped in, for the e-mails about their order (null: the shop's language). */
export class OrdersBuyerLanguage1795558000000 implements MigrationInterface {
  name = 'OrdersBuyerLanguage1795558000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders ADD COLUMN buyer_language text CHECK (buyer_language IN ('zh', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders DROP COLUMN buyer_language`);
  }
}
