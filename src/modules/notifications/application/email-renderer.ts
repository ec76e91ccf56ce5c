import { Injectable } from '@nestjs/common';
import { OrdersFacade } from '../../orders';
import { deliveredOrderMail, refundedOrderMail } from '../domain/buyer-mails';
import type { AlertKind } from '../domain/email-kinds';
import { alertMail } from '../domain/merchant-alerts';
import type { RenderedEmail } from '../domain/message';
import type { EmailRow } from '../persistence/email-row';
import { MailSettings } from './mail-settings';

/** The purpose written to the audit log for each decryption of a buyer's keys for an e-mail. */
export const KEYS_PURPOSE = 'e-mailed to the buyer';

export type Rendering = { mail: RenderedEmail } | { skip: string } | { fail: string };

/**
 * Turns an outbox row into the message, at send time: a buyer's mail reads the order (and its keys,
 * each decryption audited) from orders now; an alert is rendered from the events stored on it. The
 * result lives in memory for one attempt and is never stored.
 */
@Injectable()
export class EmailRenderer {
  constructor(
    private readonly orders: OrdersFacade,
    private readonly settings: MailSettings,
  ) {}

  async render(row: EmailRow): Promise<Rendering> {
    switch (row.kind) {
      case 'buyer_order_delivered': {
        const order = await this.orders.deliveryNotice({ orderId: row.order_id as string, withKeys: true, purpose: KEYS_PURPOSE });
        if (!order) return { fail: 'the order no longer exists' };
        if (order.status !== 'delivered') return { skip: `the order is ${order.status} now, not delivered` };
        return {
          mail: deliveredOrderMail({ ...this.facts(row, order), keys: order.keys.map((k) => k.secret), note: order.fulfilmentNote }),
        };
      }
      case 'buyer_order_refunded': {
        const order = await this.orders.deliveryNotice({ orderId: row.order_id as string, withKeys: false, purpose: 'notifications: refund e-mail' });
        if (!order) return { fail: 'the order no longer exists' };
        const amountMinor = Number(row.data.amountMinor ?? order.totalMinor);
        const currency = String(row.data.currency ?? order.currency);
        return { mail: refundedOrderMail({ ...this.facts(row, order), amountMinor, currency }) };
      }
      default: {
        const items = Array.isArray(row.data.items) ? row.data.items : [];
        if (items.length === 0) return { fail: 'the alert has no events' };
        return {
          mail: alertMail({ shopName: this.settings.shopName, language: row.language, kind: row.kind as AlertKind, items, occurrences: row.occurrences }),
        };
      }
    }
  }

  private facts(row: EmailRow, order: { orderNo: string; goodsTitle: string; quantity: number; lookupUrl: string }) {
    return {
      shopName: this.settings.shopName,
      language: row.language,
      orderNo: order.orderNo,
      goodsTitle: order.goodsTitle,
      quantity: order.quantity,
      lookupUrl: order.lookupUrl,
    };
  }
}
