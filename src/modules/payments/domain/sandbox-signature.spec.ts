import { signSandboxPayload, verifySandboxSignature } from './sandbox-signature';
import { bodyFields, encodeSandboxNotification, readSandboxNotification, SandboxNotification } from './sandbox-notification';

describe('sandbox callback signature', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const body = Buffer.from('payment_id=1&amount_minor=100');

  it('accepts its own signature over the exact bytes', () => {
    const header = signSandboxPayload('s3cret', body, now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySandboxSignature('s3cret', body, header, now)).toEqual({ ok: true });
  });

  it('refuses another secret, a changed body, a missing or malformed header and an old timestamp', () => {
    const header = signSandboxPayload('s3cret', body, now);
    expect(verifySandboxSignature('other', body, header, now)).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifySandboxSignature('s3cret', Buffer.from('payment_id=1&amount_minor=101'), header, now)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(verifySandboxSignature('s3cret', body, undefined, now)).toEqual({ ok: false, reason: 'signature header missing' });
    expect(verifySandboxSignature('s3cret', body, 'v1=abc', now)).toEqual({ ok: false, reason: 'signature header malformed' });
    expect(verifySandboxSignature('s3cret', body, header, new Date(now.getTime() + 301_000))).toEqual({
      ok: false,
      reason: 'signature timestamp outside tolerance',
    });
  });
});

describe('sandbox notification', () => {
  const n: SandboxNotification = {
    paymentId: '0b6f8f5e-2c1a-4c39-9a51-0d7c3f0f9a11',
    providerTxnId: 'SBX-1',
    providerRef: 'sbx_abc',
    amountMinor: 1999,
    currency: 'CNY',
    status: 'succeeded',
  };

  it('round-trips as a form and as JSON', () => {
    for (const format of ['form', 'json'] as const) {
      const { contentType, body } = encodeSandboxNotification(n, format);
      const fields = bodyFields(`${contentType}; charset=utf-8`, body);
      expect(fields && readSandboxNotification(fields)).toEqual({ ok: true, notification: n });
    }
  });

  it('refuses malformed fields and bodies', () => {
    const fields = bodyFields('application/x-www-form-urlencoded', encodeSandboxNotification(n, 'form').body)!;
    expect(readSandboxNotification({ ...fields, amount_minor: '19.99' })).toMatchObject({ ok: false });
    expect(readSandboxNotification({ ...fields, amount_minor: '-1' })).toMatchObject({ ok: false });
    expect(readSandboxNotification({ ...fields, currency: 'cny' })).toMatchObject({ ok: false });
    expect(readSandboxNotification({ ...fields, status: 'paid' })).toMatchObject({ ok: false });
    expect(readSandboxNotification({ ...fields, payment_id: 'x' })).toMatchObject({ ok: false });
    expect(bodyFields('application/json', Buffer.from('[1]'))).toBeNull();
    expect(bodyFields('application/json', Buffer.from('{bad'))).toBeNull();
    expect(bodyFields('text/plain', Buffer.from('a=1'))).toBeNull();
  });
});
