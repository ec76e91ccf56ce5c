import type { Config } from 'jest';

/**
 * One runner for everything: unit specs beside the code (`src/**\/*.spec.ts`) and the e2e and
 * cross-module tests in `test/`, all against the real PostgreSQL and Redis of DATABASE_URL and
 * REDIS_URL (defaults in test/support/test-env.ts).
 */
const config: Config = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // NestJS 12 packages are ES modules; Jest on Node 20 needs them as CommonJS (and PGlite's .cjs
    // build without its dynamic imports).
    '^.+\\.[mc]?js$': '<rootDir>/test/support/esm-to-cjs-transform.js',
  },
  transformIgnorePatterns: [],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/fixtures/'],
  setupFiles: ['<rootDir>/test/support/test-env.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60_000,
  // One test file at a time (they share the database), in a worker process that is replaced once it
  // holds more than this after a file: booting an app per file leaves memory behind (Nest, prom-client,
  // PGlite's WebAssembly), and one process for the whole suite ran out of heap.
  workerIdleMemoryLimit: '1536MB',
};

export default config;
