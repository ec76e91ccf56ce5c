/**
 * Jest transform for ES-module packages in node_modules (NestJS 12 ships ESM only). The app runs
 * them natively through Node's require(esm), but Jest on Node 20 cannot, so test runs convert them
 * to CommonJS with esbuild. CommonJS files pass through untouched. Jest caches the output.
 */
const { transformSync } = require('esbuild');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { createHash } = require('node:crypto');

const typeByDir = new Map();

function packageType(dir) {
  if (typeByDir.has(dir)) return typeByDir.get(dir);
  const file = join(dir, 'package.json');
  let type;
  if (existsSync(file)) type = JSON.parse(readFileSync(file, 'utf8')).type ?? 'commonjs';
  else type = dirname(dir) === dir ? 'commonjs' : packageType(dirname(dir));
  typeByDir.set(dir, type);
  return type;
}

const isEsm = (path) => path.endsWith('.mjs') || (path.endsWith('.js') && packageType(dirname(path)) === 'module');
// CommonJS builds that still load Node built-ins with import("name") (PGlite's), which Jest's VM
// cannot run. They become the module-level require (a function below may declare its own `require`).
const DYNAMIC_IMPORT = /\bimport\((["'][\w:/.-]+["'])\)/g;
const hasDynamicImport = (path, source) => path.endsWith('.cjs') && DYNAMIC_IMPORT.test(source);
const IMPORT_BANNER = 'const __cjsImport = (s) => { const m = require(s); return Promise.resolve({ ...m, default: m }); };';

const BANNER =
  'const __importMeta = { url: require("node:url").pathToFileURL(__filename).href, ' +
  'resolve: (s) => require("node:url").pathToFileURL(require.resolve(s)).href, ' +
  'dirname: __dirname, filename: __filename };';

module.exports = {
  getCacheKey(source, path) {
    const version = path.endsWith('.cjs') ? 'cjs-import-v2' : 'esm-to-cjs-v3';
    return createHash('sha1').update(version).update(path).update(source).digest('hex');
  },
  process(source, path) {
    if (!isEsm(path)) {
      if (!hasDynamicImport(path, source)) return { code: source };
      return { code: `${IMPORT_BANNER}${source.replace(DYNAMIC_IMPORT, '__cjsImport($1)')}` };
    }
    // Keep every load inside Jest's module registry: `createRequire(import.meta.url)` would reach
    // Node's own loader and give a second copy of a package.
    const code = source
      .replace(/\b(const|let|var)\s+require\s*=\s*createRequire\(import\.meta\.url\);?/g, '')
      .replace(/\bcreateRequire\(import\.meta\.url\)/g, 'require');
    const out = transformSync(code, {
      format: 'cjs',
      target: 'node20',
      sourcefile: path,
      sourcemap: 'inline',
      define: { 'import.meta': '__importMeta' },
      banner: BANNER,
      // import() becomes require() so it also goes through Jest.
      supported: { 'dynamic-import': false },
      logLevel: 'silent',
    });
    return { code: out.code };
  },
};
