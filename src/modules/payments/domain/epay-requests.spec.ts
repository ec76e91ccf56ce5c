import { EPAY_NAME_MAX_BYTES, epayClientIp, epayOrderParams, epayProductName } from './epay-requests';

describe('epay order parameters', () => {
  it('writes the order as epay wants it: yuan, our payment id as out_trade_no, the order number in the name', () => {
    expect(
      epayOrderParams({
        pid: '1001',
        payType: 'wxpay',
        paymentId: 'p-1',
        orderNo: '20261124-A1B2C3D4',
        subject: 'Game card × 1',
        amountMinor: 1999,
        notifyUrl: 'https://shop.example/api/payments/callbacks/epay/p-1',
        returnUrl: 'https://shop.example/orders/20261124-A1B2C3D4',
      }),
    ).toEqual({
      pid: '1001',
      type: 'wxpay',
      out_trade_no: 'p-1',
      notify_url: 'https://shop.example/api/payments/callbacks/epay/p-1',
      return_url: 'https://shop.example/orders/20261124-A1B2C3D4',
      name: 'Game card × 1 #20261124-A1B2C3D4',
      money: '19.99',
    });
  });

  it('keeps the name within the byte limit, cutting whole characters and keeping the order number', () => {
    const name = epayProductName('点卡'.repeat(100), '20261124-A1B2C3D4');
    expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(EPAY_NAME_MAX_BYTES);
    expect(name).toMatch(/^(点卡)+点? #20261124-A1B2C3D4$/);
    expect(epayProductName('  Steam\n\tcard  ', 'N1')).toBe('Steam card #N1');
  });

  it("writes the buyer's IPv4 address without its IPv6 prefix", () => {
    expect(epayClientIp('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(epayClientIp('2001:db8::1')).toBe('2001:db8::1');
    expect(epayClientIp(undefined)).toBeUndefined();
  });
});
