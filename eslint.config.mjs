// `npm run lint`: typescript-eslint's recommended rules (syntax only, no type information, so the
// whole tree lints in seconds) plus the module boundary rules of DESIGN.md.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import boundaries from './tools/eslint-plugin-boundaries/index.js';

// Resolve imports against this folder, wherever ESLint is started from (editor, CI, sub-folder).
const rootDir = fileURLToPath(new URL('.', import.meta.url));
const boundaryOptions = { rootDir };

export default defineConfig(
  // test/fixtures holds deliberately bad code for the architecture test.
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'test/fixtures/**']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Nest modules are empty classes that carry only a decorator.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // The boundaries plugin is plain CommonJS run by Node (not part of `npm run lint`, but editors lint it).
    files: ['tools/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    rules: {
      'boundaries/module-public-api': ['error', boundaryOptions],
      'boundaries/platform-independent': ['error', boundaryOptions],
      'boundaries/no-module-cycles': ['error', boundaryOptions],
      'boundaries/pure-domain': ['error', boundaryOptions],
    },
  },
);
