import { MigrationInterface, QueryRunner } from 'typeorm';

/** Merchant alert when every call of a round to a dynamic-delivery URL failed. */
export class NotificationsDynamicDeliveryAlert1795562000200 implements MigrationInterface {
  name = 'NotificationsDynamicDeliveryAlert1795562000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.emails DROP CONSTRAINT emails_kind_check`);
    await q.query(`
      ALTER TABLE notifications.emails ADD CONSTRAINT emails_kind_check CHECK (kind IN (
        'buyer_order_delivered', 'buyer_order_refunded',
        'alert_stock_low', 'alert_order_awaiting_stock', 'alert_payment_mismatch',
        'alert_dead_letter', 'alert_channel_breaker_opened', 'alert_sla_breached',
        'alert_dynamic_delivery_failed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications.emails WHERE kind = 'alert_dynamic_delivery_failed'`);
    await q.query(`ALTER TABLE notifications.emails DROP CONSTRAINT emails_kind_check`);
    await q.query(`
      ALTER TABLE notifications.emails ADD CONSTRAINT emails_kind_check CHECK (kind IN (
        'buyer_order_delivered', 'buyer_order_refunded',
        'alert_stock_low', 'alert_order_awaiting_stock', 'alert_payment_mismatch',
        'alert_dead_letter', 'alert_channel_breaker_opened', 'alert_sla_breached'))`);
  }
}
