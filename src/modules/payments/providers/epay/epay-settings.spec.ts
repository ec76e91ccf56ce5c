import { epayCredentialProblems, epayCredentialsOf } from './epay-credentials';
import { epaySettingProblems, epaySettingsOf } from './epay-settings';

describe('epay settings', () => {
  it('accepts its own settings, with defaults for the rest', () => {
    expect(epaySettingProblems({ apiBase: 'https://pay.example.com/', mode: 'api', payType: 'wxpay', device: 'mobile' })).toEqual([]);
    expect(epaySettingsOf({ apiBase: 'https://pay.example.com/epay/' })).toEqual({
      apiBase: 'https://pay.example.com/epay',
      mode: 'page',
      payType: 'alipay',
      device: 'pc',
    });
  });

  it('names every missing, bad or unknown setting', () => {
    expect(epaySettingProblems({})).toEqual(['settings.apiBase is required (the address of the epay aggregator)']);
    expect(epaySettingProblems({ apiBase: 'ftp://pay.example.com', mode: 'qr', payType: 'Ali Pay', device: 'tv', colour: 'red' })).toEqual([
      'settings.apiBase must be the http(s) address of the epay aggregator, without query or credentials',
      "settings.mode must be 'page' or 'api'",
      'settings.payType must be an epay payment type such as alipay or wxpay',
      'settings.device must be one of pc, mobile, qq, wechat, alipay, jump',
      'settings.colour is not a setting of the epay provider',
    ]);
    for (const apiBase of ['https://u:p@pay.example.com', 'https://pay.example.com/?x=1', 'not a url', 42]) {
      expect(epaySettingProblems({ apiBase })).toHaveLength(1);
    }
  });
});

describe('epay credentials', () => {
  it('wants a numeric pid and a key, nothing else', () => {
    expect(epayCredentialProblems({ pid: '1001', key: '89unJUB8HZ54Hj7x4nUj56HN4nUzUJ8i' })).toEqual([]);
    expect(epayCredentialProblems({ pid: 'abc', key: '', secret: 'x' })).toEqual([
      'credentials.secret is not an epay credential (only pid and key)',
      'credentials.pid must be the merchant number (digits)',
      'credentials.key must be the merchant key (8-128 printable characters, no spaces)',
    ]);
    expect(epayCredentialProblems({ pid: '1001' })).toHaveLength(1);
  });

  it('never hands out an empty key', () => {
    expect(() => epayCredentialsOf({ pid: '1001', key: '' })).toThrow(/no merchant pid or key/);
    expect(epayCredentialsOf({ pid: '1001', key: 'k'.repeat(16) })).toEqual({ pid: '1001', key: 'k'.repeat(16) });
  });
});
