import { ConfigError, loadConfig, publicBaseUrl } from './app-config';

const base = { DATABASE_URL: 'postgres://u@localhost/db', REDIS_URL: 'redis://localhost:6379' };

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig({ ...base, PORT: '8080', MIGRATIONS_RUN: 'false', DOCS_ENABLED: '' });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config.DOCS_ENABLED).toBe(true);
    expect(config.ROLE).toBe('all');
    expect(config.EVENT_MAX_ATTEMPTS).toBe(8);
  });

  it('takes a public base URL without a trailing slash and falls back to the local port', () => {
    expect(publicBaseUrl(loadConfig({ ...base, PORT: '8080' }))).toBe('http://localhost:8080');
    expect(publicBaseUrl(loadConfig({ ...base, PUBLIC_BASE_URL: 'https://shop.example.com/store' }))).toBe('https://shop.example.com/store');
    for (const bad of ['shop.example.com', 'https://shop.example.com/', 'ftp://x', 'https://x/?a=1']) {
      expect(() => loadConfig({ ...base, PUBLIC_BASE_URL: bad })).toThrow(/PUBLIC_BASE_URL=\(hidden\): PUBLIC_BASE_URL must be an http/);
    }
  });

  it('names every bad variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ ...base, PORT: 'eighty', ROLE: 'both', MIGRATIONS_RUN: 'maybe', REDIS_URL: 'localhost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('ROLE="both"');
    expect(message).toContain('MIGRATIONS_RUN="maybe"');
    expect(message).toContain('REDIS_URL must be a redis://');
  });

  it('checks the database URL and never prints it', () => {
    // Unset: the embedded database in DATA_DIR, which serves one process, so a split needs PostgreSQL.
    const embedded = loadConfig({ REDIS_URL: base.REDIS_URL });
    expect(embedded.DATABASE_URL).toBeUndefined();
    expect(embedded.DATA_DIR).toBe('./data');
    expect(() => loadConfig({ REDIS_URL: base.REDIS_URL, ROLE: 'worker', DATABASE_URL: '' })).toThrow(
      /DATABASE_URL=\(hidden\): DATABASE_URL is required for ROLE=api or worker: the embedded database/,
    );
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://secret-password@x/db' })).toThrow(
      /DATABASE_URL=\(hidden\): DATABASE_URL must be a postgres/,
    );
    try {
      loadConfig({ ...base, DATABASE_URL: 'mysql://secret-password@x/db' });
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-password');
    }
  });

  it('runs without Redis when REDIS_URL is unset or empty, and still checks a given one', () => {
    expect(loadConfig({ DATABASE_URL: base.DATABASE_URL }).REDIS_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: base.DATABASE_URL, REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: base.DATABASE_URL }).JOB_POLL_INTERVAL_MS).toBe(250);
    expect(() => loadConfig({ ...base, REDIS_URL: 'redis-host:6379' })).toThrow(/REDIS_URL=\(hidden\): REDIS_URL must be a redis/);
    expect(() => loadConfig({ ...base, JOB_POLL_INTERVAL_MS: '5' })).toThrow(/JOB_POLL_INTERVAL_MS="5"/);
  });
});
