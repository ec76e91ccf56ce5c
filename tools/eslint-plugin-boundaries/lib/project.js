'use strict';

const path = require('node:path');
const { createResolver } = require('./resolve-specifier');
const { locate } = require('./locate');

/** Aliases used when the rule options give none (the option replaces this list). */
const DEFAULT_ALIASES = {
  'src/': 'src/',
  '@modules/': 'src/modules/',
  '@platform/': 'src/platform/',
};

/** JSON-schema properties every boundary rule accepts; rules add their own next to these. */
const commonOptionProperties = {
  rootDir: { type: 'string' },
  aliases: { type: 'object', additionalProperties: { type: 'string' } },
};

function optionsSchema(extraProperties = {}) {
  return [
    {
      type: 'object',
      properties: { ...commonOptionProperties, ...extraProperties },
      additionalProperties: false,
    },
  ];
}

// Reading tsconfig.json once per root (and alias set) per process is enough: ESLint creates a
// rule context per file, and re-reading it for each of hundreds of files would be wasted work.
const resolvers = new Map();

/**
 * Everything a rule needs to know about the file being linted and the project it belongs to:
 *   project.rootDir          the project root (option `rootDir`, default: ESLint's cwd)
 *   project.file             where the linted file sits (see locate.js)
 *   project.whereIs(spec)    where an import specifier of this file lands, or null for a package
 */
function projectFor(context) {
  const options = context.options[0] || {};
  const rootDir = path.resolve(context.cwd, options.rootDir || '.');
  const aliases = options.aliases || DEFAULT_ALIASES;

  const key = JSON.stringify([rootDir, aliases]);
  if (!resolvers.has(key)) resolvers.set(key, createResolver(rootDir, aliases));
  const resolveSpecifier = resolvers.get(key);

  const filename = path.resolve(context.cwd, context.filename);
  return {
    rootDir,
    aliases,
    resolveSpecifier,
    file: locate(rootDir, filename),
    whereIs(specifier) {
      const target = resolveSpecifier(specifier, filename);
      return target === null ? null : locate(rootDir, target);
    },
    /** The specifier this file should write to reach a module's public API, e.g. '../payments'. */
    publicApiSpecifier(moduleName) {
      const moduleDir = path.join(rootDir, 'src', 'modules', moduleName);
      const relative = path.relative(path.dirname(filename), moduleDir).split(path.sep).join('/');
      return relative.startsWith('.') ? relative : `./${relative}`;
    },
  };
}

module.exports = { projectFor, optionsSchema, DEFAULT_ALIASES };
