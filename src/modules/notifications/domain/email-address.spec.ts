import { addressListOf, domainOf, emailAddressOf, senderOf } from './email-address';

describe('emailAddressOf: which contacts get e-mail', () => {
  it.each([
    ['buyer@example.com', 'buyer@example.com'],
    ['  Buyer.Name+tag@mail.example.co.uk ', 'Buyer.Name+tag@mail.example.co.uk'],
    ['张三@例子.中国', '张三@例子.中国'],
  ])('%s is an address', (contact, address) => {
    expect(emailAddressOf(contact)).toBe(address);
  });

  it.each(['13800138000', '+86 138 0013 8000', 'qq:123456', 'wechat_id', 'buyer@localhost', 'a@b', 'a@@b.com', 'a b@c.com', 'a@b..com', 'a@.b.com', 'a@b.com.', '<a@b.com>', 'a@b.com, c@d.com', `${'x'.repeat(250)}@b.com`])(
    '%s is not',
    (contact) => {
      expect(emailAddressOf(contact)).toBeNull();
    },
  );
});

describe('addressListOf (MERCHANT_ALERT_EMAILS)', () => {
  it('splits on commas, trims, drops blanks, invalid entries and duplicates (case-insensitively)', () => {
    expect(addressListOf(' ops@shop.example, ,Ops@Shop.example,boss@shop.example, nonsense ')).toEqual(['ops@shop.example', 'boss@shop.example']);
    expect(addressListOf(undefined)).toEqual([]);
    expect(addressListOf('')).toEqual([]);
  });
});

describe('senderOf (MAIL_FROM)', () => {
  it('reads an address or Name <address>, and falls back to no-reply at the public host', () => {
    expect(senderOf('Cards <sales@cards.example>', 'Shop', 'https://x.example')).toEqual({ name: 'Cards', address: 'sales@cards.example' });
    expect(senderOf('"Cards, Inc" <sales@cards.example>', 'Shop', 'https://x.example')).toEqual({ name: 'Cards, Inc', address: 'sales@cards.example' });
    expect(senderOf('sales@cards.example', 'Shop', 'https://x.example')).toEqual({ name: 'Shop', address: 'sales@cards.example' });
    expect(senderOf(undefined, 'Shop', 'https://shop.example.com/base')).toEqual({ name: 'Shop', address: 'no-reply@shop.example.com' });
    expect(domainOf('Sales@Cards.Example')).toBe('cards.example');
  });
});
