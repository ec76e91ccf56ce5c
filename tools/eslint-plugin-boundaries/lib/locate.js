'use strict';

const path = require('node:path');

/**
 * Says where an absolute path sits in the project layout:
 *
 *   { area: 'module', module: 'orders', pathInModule: 'domain/order.ts', isModuleEntry: false }
 *   { area: 'platform' }   anything under src/platform
 *   { area: 'src' }        other files under src (app.module.ts, main.ts)
 *   { area: 'outside' }    test/, migrations/, packages...
 *
 * `isModuleEntry` is true for the module folder itself and for its index file, which is what an
 * import like `'../orders'` or `'../orders/index'` resolves to: the module's public API.
 * `isEventsEntry` is true for the module's events.ts: the integration events it publishes, the
 * one other file other modules may import (`'../orders/events'`).
 * `isEventContract` is true for events.ts and the `public/*.events.ts` files it re-exports.
 * `module` is undefined for the `src/modules` folder itself.
 */
function locate(rootDir, absolutePath) {
  const parts = path.relative(rootDir, absolutePath).split(path.sep);
  if (parts[0] !== 'src') return { area: 'outside' };
  if (parts[1] === 'platform') return { area: 'platform' };
  if (parts[1] !== 'modules') return { area: 'src' };

  const pathInModule = parts.slice(3).join('/');
  return {
    area: 'module',
    module: parts[2],
    pathInModule,
    isModuleEntry: parts[2] !== undefined && /^(index(\.ts|\.js)?)?$/.test(pathInModule),
    isEventsEntry: /^events(\.ts|\.js)?$/.test(pathInModule),
    isEventContract: /^events(\.ts|\.js)?$/.test(pathInModule) || /^public\/[^/]+\.events\.(ts|js)$/.test(pathInModule),
  };
}

module.exports = { locate };
