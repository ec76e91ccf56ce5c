import { deliveredOrderMail, refundedOrderMail } from './buyer-mails';

const order = {
  shopName: 'Card <Shop>',
  orderNo: '20261124-8K3F9Q2M',
  goodsTitle: 'Steam <b>100</b>',
  quantity: 2,
  lookupUrl: 'https://cards.example/orders/20261124-8K3F9Q2M',
};

describe('buyer e-mails', () => {
  it('the delivery mail in Chinese: order number, keys, link, the shop name, all escaped in HTML', () => {
    const mail = deliveredOrderMail({ ...order, language: 'zh', keys: ['AAAA-1111', 'BB<B>-2222'] });
    expect(mail.subject).toBe('【Card <Shop>】订单 20261124-8K3F9Q2M 已发货');
    expect(mail.text).toContain('您的卡密：\n    AAAA-1111\n    BB<B>-2222');
    expect(mail.text).toContain('订单号：20261124-8K3F9Q2M');
    expect(mail.text).toContain(order.lookupUrl);
    expect(mail.html).toContain('<code style="font-size:15px;background:#f4f4f4;padding:2px 4px">BB&lt;B&gt;-2222</code>');
    expect(mail.html).toContain('Steam &lt;b&gt;100&lt;/b&gt;');
    expect(mail.html).toContain('Card &lt;Shop&gt;');
    expect(mail.html).toContain(`<a href="${order.lookupUrl}">`);
    expect(mail.html).toContain('<html lang="zh-CN">');
  });

  it('the delivery mail in English, and without keys for goods delivered by hand', () => {
    const mail = deliveredOrderMail({ ...order, language: 'en', keys: ['ONLY-KEY'] });
    expect(mail.subject).toBe('[Card <Shop>] Order 20261124-8K3F9Q2M delivered: your keys');
    expect(mail.text).toContain('Your key:\n    ONLY-KEY');
    const manual = deliveredOrderMail({ ...order, language: 'en', keys: [] });
    expect(manual.text).toContain('What you bought is shown on the order page.');
    expect(manual.text).not.toContain('Your key');
    expect(manual.subject).toBe('[Card <Shop>] Order 20261124-8K3F9Q2M delivered');
  });

  it("the delivery mail of a manual order carries the merchant's note, escaped", () => {
    const en = deliveredOrderMail({ ...order, language: 'en', keys: [], note: 'Topped up account <12345>' });
    expect(en.text).toContain('From the merchant: Topped up account <12345>');
    expect(en.html).toContain('Topped up account &lt;12345&gt;');
    const zh = deliveredOrderMail({ ...order, language: 'zh', keys: [], note: '已充值' });
    expect(zh.text).toContain('商家留言：已充值');
  });

  it('the refund mail says how much, in the buyer’s language', () => {
    const zh = refundedOrderMail({ ...order, language: 'zh', amountMinor: 10_000, currency: 'CNY' });
    expect(zh.subject).toBe('【Card <Shop>】订单 20261124-8K3F9Q2M 已退款 ¥100.00');
    expect(zh.text).toContain('退款金额：¥100.00');
    const en = refundedOrderMail({ ...order, language: 'en', amountMinor: 2550, currency: 'USD' });
    expect(en.subject).toBe('[Card <Shop>] Order 20261124-8K3F9Q2M refunded: $25.50');
    expect(en.text).toContain('Amount refunded: $25.50');
    expect(en.text).toContain(order.lookupUrl);
  });
});
