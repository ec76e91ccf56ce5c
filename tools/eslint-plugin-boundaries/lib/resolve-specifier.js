'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/**
 * Turns an import specifier into the absolute path it points at, without touching the disk for
 * the common cases: the rules only need to know *where* a specifier lands (which module, which
 * folder), not which exact file. Returns null for packages (`@nestjs/common`, `node:fs`).
 *
 * Order: relative paths, then alias prefixes (rule options, then tsconfig `paths`, longest prefix
 * first), then tsconfig `baseUrl` (only if the target exists, since `baseUrl` also lets plain
 * package names through).
 */
function createResolver(rootDir, aliasOptions) {
  const tsconfig = readTsconfig(rootDir);
  const aliases = [...aliasesFromOptions(rootDir, aliasOptions), ...tsconfig.aliases].sort(
    (a, b) => b.prefix.length - a.prefix.length,
  );

  return function resolveSpecifier(specifier, fromFile) {
    if (isRelative(specifier)) return path.resolve(path.dirname(fromFile), specifier);
    if (path.isAbsolute(specifier)) return path.normalize(specifier);
    for (const alias of aliases) {
      if (alias.exact ? specifier === alias.prefix : specifier.startsWith(alias.prefix)) {
        return path.resolve(alias.target, specifier.slice(alias.prefix.length));
      }
    }
    if (tsconfig.baseUrl) {
      const candidate = path.resolve(tsconfig.baseUrl, specifier);
      if (existsAsSource(candidate)) return candidate;
    }
    return null;
  };
}

function isRelative(specifier) {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/** `{ '@modules/': 'src/modules/' }` → alias entries with absolute targets. */
function aliasesFromOptions(rootDir, aliasOptions) {
  return Object.entries(aliasOptions).map(([prefix, target]) => ({
    prefix,
    target: path.resolve(rootDir, target),
    exact: false,
  }));
}

/**
 * Reads `compilerOptions.baseUrl` and `compilerOptions.paths` from `<root>/tsconfig.json`
 * (comments allowed; `extends` is not followed). `"@x/*": ["src/x/*"]` becomes the prefix
 * `@x/`; a pattern without `*` matches only itself. Only the first target of each pattern is
 * used, as for the compiler's first successful lookup in the usual one-target case.
 */
function readTsconfig(rootDir) {
  const file = path.join(rootDir, 'tsconfig.json');
  if (!fs.existsSync(file)) return { aliases: [], baseUrl: undefined };
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const options = (config && config.compilerOptions) || {};
  const baseUrl = options.baseUrl ? path.resolve(rootDir, options.baseUrl) : undefined;
  const pathsBase = baseUrl || rootDir;

  const aliases = [];
  for (const [pattern, targets] of Object.entries(options.paths || {})) {
    const target = Array.isArray(targets) ? targets[0] : undefined;
    if (typeof target !== 'string') continue;
    if (!pattern.includes('*')) {
      aliases.push({ prefix: pattern, target: path.resolve(pathsBase, target), exact: true });
    } else if (pattern.endsWith('*') && target.endsWith('*')) {
      aliases.push({ prefix: pattern.slice(0, -1), target: path.resolve(pathsBase, target.slice(0, -1)), exact: false });
    }
    // Patterns with `*` in the middle are rare and not supported: such imports count as packages.
  }
  return { aliases, baseUrl };
}

function existsAsSource(candidate) {
  return ['.ts', '.tsx', '.d.ts', '.js', ''].some((ext) => fs.existsSync(candidate + ext));
}

module.exports = { createResolver };
