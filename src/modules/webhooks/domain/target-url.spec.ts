import { printableUrl, urlProblem } from './target-url';

const production = { production: true };
const development = { production: false };

describe('webhook endpoint URLs (SSRF rules)', () => {
  it('accepts https to a public host name or address everywhere', () => {
    for (const policy of [production, development]) {
      expect(urlProblem('https://hooks.example.com/cardshop?token=abc', policy)).toBeNull();
      expect(urlProblem('https://93.184.216.34:8443/in', policy)).toBeNull();
      expect(urlProblem('https://[2606:4700:4700::1111]/in', policy)).toBeNull();
    }
  });

  it('refuses other schemes, credentials, fragments, relative and overlong URLs', () => {
    expect(urlProblem('ftp://example.com/x', development)).toMatch(/scheme must be https \(ftp/);
    expect(urlProblem('file:///etc/passwd', development)).toMatch(/scheme/);
    expect(urlProblem('gopher://127.0.0.1:6379/_FLUSHALL', development)).toMatch(/scheme/);
    expect(urlProblem('https://user:pass@example.com/', development)).toMatch(/user name or password/);
    expect(urlProblem('https://user@example.com/', development)).toMatch(/user name or password/);
    expect(urlProblem('https://example.com/#x', development)).toMatch(/fragment/);
    expect(urlProblem('/relative', development)).toMatch(/not a valid absolute URL/);
    expect(urlProblem(`https://example.com/${'a'.repeat(2000)}`, development)).toMatch(/longer than/);
  });

  it('allows plain http only to this machine, and never in production', () => {
    expect(urlProblem('http://127.0.0.1:4000/hook', development)).toBeNull();
    expect(urlProblem('http://[::1]:4000/hook', development)).toBeNull();
    expect(urlProblem('http://localhost:4000/hook', development)).toBeNull();
    expect(urlProblem('http://example.com/hook', development)).toMatch(/plain http is allowed only to this machine/);
    expect(urlProblem('http://10.0.0.5/hook', development)).toMatch(/plain http/);
    expect(urlProblem('http://127.0.0.1:4000/hook', production)).toMatch(/must be https/);
    expect(urlProblem('http://example.com/hook', production)).toMatch(/must be https/);
  });

  it('refuses private, loopback and link-local addresses in production, however they are spelled', () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://localhost/',
      'https://api.localhost/',
      'https://[::1]/',
      'https://10.0.0.1/',
      'https://192.168.1.20/',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fe80::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://2130706433/', // 127.0.0.1 as one number
      'https://0x7f.1/', // and in hex
      'https://[fd00::1]/',
    ]) {
      expect(urlProblem(url, production)).toMatch(/production sends webhooks to public addresses only/);
    }
  });

  it('refuses unspecified and reserved addresses everywhere', () => {
    expect(urlProblem('https://0.0.0.0/', development)).toMatch(/unspecified/);
    expect(urlProblem('https://[::]/', development)).toMatch(/unspecified/);
    expect(urlProblem('https://224.0.0.1/', development)).toMatch(/reserved/);
  });

  it('lets development reach private addresses over https', () => {
    expect(urlProblem('https://192.168.1.20/hook', development)).toBeNull();
  });

  it('prints a URL without its query', () => {
    expect(printableUrl('https://hooks.example.com:8443/in?token=secret')).toBe('https://hooks.example.com:8443/in');
  });
});
