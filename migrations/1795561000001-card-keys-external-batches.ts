import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys delivered from outside the vault (a merchant's system, for dynamic goods) are stored in a
 * batch of their own, like an import: its source is `dynamic`.
 */
export class CardKeysExternalBatches1795561000001 implements MigrationInterface {
  name = 'CardKeysExternalBatches1795561000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE card_keys.batches DROP CONSTRAINT batches_source_check`);
    await q.query(`ALTER TABLE card_keys.batches ADD CONSTRAINT batches_source_check CHECK (source IN ('text', 'file', 'json', 'dynamic'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE card_keys.batches DROP CONSTRAINT batches_source_check`);
    await q.query(`ALTER TABLE card_keys.batches ADD CONSTRAINT batches_source_check CHECK (source IN ('text', 'file', 'json'))`);
  }
}
