'use strict';

/**
 * ESLint plugin enforcing the module boundaries of DESIGN.md ("Module boundaries").
 * Plain CommonJS, no build step: eslint.config.mjs loads it straight from this folder.
 *
 * Every rule accepts `{ rootDir, aliases }` (see lib/project.js); pure-domain also accepts
 * `forbiddenPackages` and `forbiddenLayers`.
 */
module.exports = {
  meta: { name: 'eslint-plugin-boundaries', version: '1.0.0' },
  rules: {
    'module-public-api': require('./rules/module-public-api'),
    'platform-independent': require('./rules/platform-independent'),
    'no-module-cycles': require('./rules/no-module-cycles'),
    'pure-domain': require('./rules/pure-domain'),
  },
};
