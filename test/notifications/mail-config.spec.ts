import { ConfigError, loadConfig } from '../../src/platform/config/app-config';

const base = { DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost' };

/** The e-mail settings notifications adds to AppConfig. */
describe('e-mail settings', () => {
  it('default to a Chinese shop called Card Shop with e-mail off', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ SHOP_NAME: 'Card Shop', SHOP_LANGUAGE: 'zh' });
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.MAIL_FROM).toBeUndefined();
    expect(c.MERCHANT_ALERT_EMAILS).toBeUndefined();
  });

  it('accept what .env.example describes', () => {
    const c = loadConfig({
      ...base,
      SHOP_NAME: '夜猫卡店',
      SHOP_LANGUAGE: 'en',
      SMTP_URL: 'smtps://shop%40example.com:p%40ss@smtp.example.com:465',
      MAIL_FROM: '夜猫卡店 <shop@example.com>',
      MERCHANT_ALERT_EMAILS: 'ops@example.com, boss@example.com',
    });
    expect(c).toMatchObject({ SHOP_LANGUAGE: 'en', MAIL_FROM: '夜猫卡店 <shop@example.com>' });
    expect(loadConfig({ ...base, MAIL_FROM: 'shop@example.com', SMTP_URL: 'smtp://127.0.0.1:2525' }).MAIL_FROM).toBe('shop@example.com');
  });

  it('refuse bad values, naming them, and never show the SMTP URL (it holds a password)', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ SHOP_LANGUAGE: 'fr' })[0]).toMatch(/^SHOP_LANGUAGE="fr"/);
    expect(problems({ SHOP_NAME: 'two\nlines' })[0]).toMatch(/^SHOP_NAME=/);
    const smtp = problems({ SMTP_URL: 'http://user:topsecret@mail.example.com' });
    expect(smtp[0]).toMatch(/^SMTP_URL=\(hidden\): SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(smtp.join()).not.toContain('topsecret');
    expect(problems({ MAIL_FROM: 'Shop <not an address>' })[0]).toMatch(/^MAIL_FROM=/);
    expect(problems({ MERCHANT_ALERT_EMAILS: 'ops@example.com; boss@example.com' })[0]).toMatch(/^MERCHANT_ALERT_EMAILS=/);
  });
});
