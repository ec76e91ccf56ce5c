import { dynamicDeliveryProblems, needsSigningSecret } from './dynamic-delivery';

const dev = { allowLoopbackHttp: true };
const prod = { allowLoopbackHttp: false };
const fields = (url: string, timeoutMs = 10_000, policy = dev) => dynamicDeliveryProblems('dynamic', { url, timeoutMs }, policy).map((p) => p.field);

describe('dynamicDeliveryProblems', () => {
  it('accepts an https URL, and plain http to this machine only outside production', () => {
    expect(fields('https://merchant.example.com/deliver?shop=1', 1000, prod)).toEqual([]);
    expect(fields('http://127.0.0.1:8080/deliver', 30_000)).toEqual([]);
    expect(fields('http://localhost/deliver')).toEqual([]);
    expect(fields('http://[::1]:9000/')).toEqual([]);
    expect(fields('http://127.0.0.1:8080/deliver', 10_000, prod)).toEqual(['dynamicDelivery.url']);
  });

  it('refuses other schemes, hosts over http, credentials, fragments and junk', () => {
    for (const url of [
      'http://merchant.example.com/deliver',
      'http://10.0.0.1/deliver',
      'ftp://merchant.example.com/',
      'https://user:pass@merchant.example.com/',
      'https://merchant.example.com/#x',
      'not a url',
      'https://merchant.example.com/' + 'a'.repeat(2000),
      '',
    ]) {
      expect(fields(url)).toEqual(['dynamicDelivery.url']);
    }
  });

  it('keeps the timeout within 1 to 30 seconds', () => {
    expect(fields('https://m.example.com/', 999)).toEqual(['dynamicDelivery.timeoutMs']);
    expect(fields('https://m.example.com/', 30_001)).toEqual(['dynamicDelivery.timeoutMs']);
    expect(fields('https://m.example.com/', 1500.5)).toEqual(['dynamicDelivery.timeoutMs']);
  });

  it('requires the endpoint on dynamic goods and refuses it on the others', () => {
    expect(dynamicDeliveryProblems('dynamic', null, dev).map((p) => p.field)).toEqual(['dynamicDelivery']);
    expect(dynamicDeliveryProblems('auto', { url: 'https://m.example.com/', timeoutMs: 10_000 }, dev).map((p) => p.field)).toEqual(['dynamicDelivery']);
    expect(dynamicDeliveryProblems('manual', null, dev)).toEqual([]);
  });

  it('asks for the signing secret only for dynamic goods on sale', () => {
    expect(needsSigningSecret({ deliveryType: 'dynamic', onSale: true, archived: false })).toBe(true);
    expect(needsSigningSecret({ deliveryType: 'dynamic', onSale: false, archived: false })).toBe(false);
    expect(needsSigningSecret({ deliveryType: 'auto', onSale: true, archived: false })).toBe(false);
  });
});
