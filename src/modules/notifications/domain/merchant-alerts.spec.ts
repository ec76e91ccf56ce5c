import { ALERT_KINDS } from './email-kinds';
import { ALERT_RULES, alertDueAt, alertMail, collapseKeyOf } from './merchant-alerts';

const at = '2026-11-24T12:00:00.000Z';
const samples = {
  alert_stock_low: { goodsId: 'g-1', available: 2, threshold: 5, at },
  alert_order_awaiting_stock: { orderId: 'o-1', orderNo: '20261124-AAAAAAAA', goodsId: 'g-1', quantity: 3, since: at },
  alert_payment_mismatch: {
    paymentId: 'p-1',
    orderId: 'o-1',
    channel: 'alipay',
    expectedAmountMinor: 10_000,
    reportedAmountMinor: 100,
    expectedCurrency: 'CNY',
    reportedCurrency: 'CNY',
    providerTxnId: 'T-1',
    detectedAt: at,
  },
  alert_dead_letter: { eventId: 'e-1', eventType: 'orders.order.paid', subscriber: 'referrals.record-commission', attempts: 8, error: 'boom <b>', failedAt: at },
  alert_channel_breaker_opened: { channelId: 'c-1', channel: 'epay', retryInMs: 30_000, openedAt: at },
  alert_sla_breached: { ticketId: 't-1', kind: 'first_response' as const, priority: 'high', dueAt: at, breachedAt: at },
  alert_dynamic_delivery_failed: { orderId: 'o-1', orderNo: '20261124-DYN', goodsId: 'g-9', quantity: 2, attempts: 5, error: 'merchant answered 502', failedAt: at },
};

describe('merchant alerts', () => {
  it.each(ALERT_KINDS.map((k) => [k]))('%s renders in both languages with its facts', (kind) => {
    for (const language of ['zh', 'en'] as const) {
      const mail = alertMail({ shopName: 'Shop', language, kind, items: [samples[kind]], occurrences: 1 });
      expect(mail.subject.startsWith('[Shop] ')).toBe(true);
      expect(mail.text.length).toBeGreaterThan(50);
      expect(mail.html).toContain(language === 'zh' ? 'lang="zh-CN"' : 'lang="en"');
    }
  });

  it('says what happened in the subject', () => {
    const en = (kind: (typeof ALERT_KINDS)[number]) => alertMail({ shopName: 'Shop', language: 'en', kind, items: [samples[kind]], occurrences: 1 }).subject;
    expect(en('alert_stock_low')).toBe('[Shop] Low stock: goods g-1 has 2 left');
    expect(en('alert_order_awaiting_stock')).toBe('[Shop] Paid order 20261124-AAAAAAAA is waiting for stock');
    expect(en('alert_payment_mismatch')).toBe('[Shop] Payment mismatch on alipay: CN¥1.00 reported, CN¥100.00 expected');
    expect(en('alert_dead_letter')).toBe('[Shop] Event delivery failed: referrals.record-commission gave up on orders.order.paid');
    expect(en('alert_channel_breaker_opened')).toBe('[Shop] Payment channel epay taken out of rotation');
    expect(en('alert_sla_breached')).toBe('[Shop] SLA breached (first response): ticket t-1');
    expect(en('alert_dynamic_delivery_failed')).toBe('[Shop] Paid order 20261124-DYN got nothing from the merchant URL');
  });

  it('lists gathered events, counts the unlisted ones, and escapes them in HTML', () => {
    const items = [samples.alert_dead_letter, { ...samples.alert_dead_letter, eventId: 'e-2' }];
    const mail = alertMail({ shopName: 'Shop', language: 'en', kind: 'alert_dead_letter', items, occurrences: 5 });
    expect(mail.subject).toBe('[Shop] Event delivery failed: referrals.record-commission gave up on orders.order.paid (+4 more)');
    expect(mail.text).toContain('orders.order.paid e-1');
    expect(mail.text).toContain('orders.order.paid e-2');
    expect(mail.text).toContain('3 more like these are not listed.');
    expect(mail.html).toContain('boom &lt;b&gt;');
    const zh = alertMail({ shopName: 'Shop', language: 'zh', kind: 'alert_dead_letter', items, occurrences: 5 });
    expect(zh.subject).toContain('（另有 4 条）');
  });

  it('collapses by goods, channel, subscriber or SLA target', () => {
    expect(collapseKeyOf('alert_stock_low', samples.alert_stock_low)).toBe('goods:g-1');
    expect(collapseKeyOf('alert_order_awaiting_stock', samples.alert_order_awaiting_stock)).toBe('goods:g-1');
    expect(collapseKeyOf('alert_payment_mismatch', samples.alert_payment_mismatch)).toBe('channel:alipay');
    expect(collapseKeyOf('alert_dead_letter', samples.alert_dead_letter)).toBe('subscriber:referrals.record-commission');
    expect(collapseKeyOf('alert_channel_breaker_opened', samples.alert_channel_breaker_opened)).toBe('channel:epay');
    expect(collapseKeyOf('alert_sla_breached', samples.alert_sla_breached)).toBe('target:first_response');
    expect(collapseKeyOf('alert_dynamic_delivery_failed', samples.alert_dynamic_delivery_failed)).toBe('goods:g-9');
  });

  it('holds the next alert of a key until a window after the previous one', () => {
    const now = new Date('2026-11-24T12:10:00Z');
    expect(alertDueAt('alert_stock_low', null, now)).toEqual(now);
    expect(alertDueAt('alert_stock_low', new Date('2026-11-24T12:00:00Z'), now)).toEqual(new Date('2026-11-24T13:00:00Z'));
    expect(alertDueAt('alert_stock_low', new Date('2026-11-24T10:00:00Z'), now)).toEqual(now);
    expect(alertDueAt('alert_payment_mismatch', new Date('2026-11-24T12:00:00Z'), now)).toEqual(new Date('2026-11-24T12:15:00Z'));
    expect(ALERT_RULES.alert_sla_breached.windowMs).toBe(30 * 60_000);
  });
});
