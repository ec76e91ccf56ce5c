import { dynamicDeliveryBody, signatureHeader } from './dynamic-delivery-request';

describe('the dynamic delivery request', () => {
  const request = {
    requestId: '00000000-0000-4000-8000-000000000002',
    quantity: 2,
    goodsId: '00000000-0000-4000-8000-000000000001',
    orderNo: '20261124-8K3F9Q2M',
  };

  it('writes the body with a fixed key order and no contact', () => {
    expect(dynamicDeliveryBody(request)).toBe(
      '{"orderNo":"20261124-8K3F9Q2M","goodsId":"00000000-0000-4000-8000-000000000001","quantity":2,"requestId":"00000000-0000-4000-8000-000000000002"}',
    );
  });

  it('signs "<t>.<body>" with HMAC-SHA256 as openssl does', () => {
    // printf '%s' '<t>.<body>' | openssl dgst -sha256 -hmac '<secret>'
    expect(signatureHeader('whsec-test-0123456789abcdef0123456789', 1795600000, dynamicDeliveryBody(request))).toBe(
      't=1795600000,v1=0e0d757b8144e888b82f7f56a8d3dec42dd1406a08406f40546028d525e5392d',
    );
  });

  it('changes with the timestamp, the body and the secret', () => {
    const body = dynamicDeliveryBody(request);
    const base = signatureHeader('a'.repeat(32), 100, body);
    expect(signatureHeader('a'.repeat(32), 101, body)).not.toBe(base.replace('t=100', 't=101'));
    expect(signatureHeader('b'.repeat(32), 100, body)).not.toBe(base);
    expect(signatureHeader('a'.repeat(32), 100, body.replace('"quantity":2', '"quantity":3'))).not.toBe(base);
  });
});
