import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Manual goods, orders side: what the merchant tells the buyer when completing the order by hand
 * (e.g. "Topped up account 12345"). The buyer's answers to the goods' fields already have a home,
 * `buyer_inputs` (from the orders engine migration), and are stored there.
 */
export class OrdersManualFulfilment1795562000300 implements MigrationInterface {
  name = 'OrdersManualFulfilment1795562000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders ADD COLUMN fulfilment_note text CHECK (char_length(fulfilment_note) <= 1000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders DROP COLUMN fulfilment_note`);
  }
}
