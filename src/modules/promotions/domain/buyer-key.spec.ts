import { buyerKeyOf } from './buyer-key';

describe('buyerKeyOf', () => {
  it('counts a member by id, a guest by a hash of the contact', () => {
    expect(buyerKeyOf('m-1', 'a@b.c')).toBe('member:m-1');
    const key = buyerKeyOf(undefined, ' Buyer@Example.com ');
    expect(key).toMatch(/^contact:[0-9a-f]{64}$/);
    expect(key).not.toContain('example');
    expect(buyerKeyOf(undefined, 'buyer@example.com')).toBe(key);
    expect(buyerKeyOf(undefined, 'other@example.com')).not.toBe(key);
    expect(buyerKeyOf(undefined, '  ')).toBeNull();
  });
});
