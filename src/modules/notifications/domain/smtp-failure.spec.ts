import { smtpFailureOf } from './smtp-failure';

/** Error shapes as nodemailer builds them. */
describe('smtpFailureOf', () => {
  it('a refused connection makes the server unavailable', () => {
    const f = smtpFailureOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET', command: 'CONN' }));
    expect(f).toEqual({ description: 'ESOCKET at CONN: connect ECONNREFUSED 127.0.0.1:2525', serverUnavailable: true });
  });

  it('a timeout, a refused login and a 421 too', () => {
    expect(smtpFailureOf(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT', command: 'CONN' })).serverUnavailable).toBe(true);
    expect(smtpFailureOf(Object.assign(new Error('Invalid login'), { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 5.7.8 Authentication failed' })).serverUnavailable).toBe(true);
    expect(smtpFailureOf(Object.assign(new Error('x'), { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 421, response: '421 Service not available' })).serverUnavailable).toBe(true);
  });

  it("a message's own refusal (451 at RCPT TO or after DATA, 550) is not the server's", () => {
    const rcpt = smtpFailureOf(Object.assign(new Error('Can\'t send mail'), { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451, response: '451 4.3.0 Mailbox temporarily\r\n unavailable' }));
    expect(rcpt).toEqual({ description: 'EENVELOPE at RCPT TO: 451 4.3.0 Mailbox temporarily unavailable', serverUnavailable: false });
    expect(smtpFailureOf(Object.assign(new Error('Message failed'), { code: 'EMESSAGE', command: 'DATA', responseCode: 550, response: '550 rejected' })).serverUnavailable).toBe(false);
  });

  it('anything else is described briefly, on one line', () => {
    expect(smtpFailureOf('boom')).toEqual({ description: 'boom', serverUnavailable: false });
    expect(smtpFailureOf(new Error('x'.repeat(2000))).description).toHaveLength(500);
  });
});
