/**
 * Defaults for the test run; anything already in the environment wins (CI sets DATABASE_URL and
 * REDIS_URL explicitly). Tests use their own database, never the shop's.
 */
const defaults: Record<string, string> = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cardshop_test',
  REDIS_URL: 'redis://127.0.0.1:6379',
  LOG_LEVEL: 'error',
  THROTTLE_LIMIT: '100000',
  EVENT_MAX_ATTEMPTS: '3',
  EVENT_RETRY_BACKOFF_MS: '60000',
  OUTBOX_POLL_INTERVAL_MS: '50',
  // Test-only vault keys (random, public): the vault never runs on its development fallback in tests.
  CARD_KEY_MASTER_KEYS: 'test1:q2yG5xV3bTRr0f8o7V0uQ0zY3d6e2mHk8t1ZsW9cJvA=',
  CARD_KEY_INDEX_KEY: 'p7Qx0r9Vw3Yk2Lm5Nn8Bb1Cc4Dd6Ee8Ff0Gg2Hh4Ii6=',
};

for (const [key, value] of Object.entries(defaults)) {
  if (process.env[key] === undefined || process.env[key] === '') process.env[key] = value;
}
