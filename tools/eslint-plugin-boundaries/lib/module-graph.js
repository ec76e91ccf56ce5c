'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const { locate } = require('./locate');

/**
 * The module dependency graph of a project: module name → names of the modules it imports (by
 * any import form, type-only included), read from every .ts file under <root>/src/modules.
 * Importing another module's events.ts is no dependency: event contracts depend on nothing but
 * the platform (no-module-cycles checks that), so subscribing to them can never close a loop.
 *
 * `ts.preProcessFile` only tokenises imports, so scanning a whole tree takes milliseconds. The
 * graph is cached per root (and alias set), so one lint run scans once, and rebuilt after a few
 * seconds so a long-lived process (editor integration, eslint_d) notices edited imports.
 */
const MAX_AGE_MS = 5000;
const cache = new Map();

function moduleGraph(project) {
  const key = JSON.stringify([project.rootDir, project.aliases]);
  const cached = cache.get(key);
  if (cached && Date.now() - cached.builtAt < MAX_AGE_MS) return cached.graph;

  const graph = buildGraph(project);
  cache.set(key, { graph, builtAt: Date.now() });
  return graph;
}

function buildGraph({ rootDir, resolveSpecifier }) {
  const graph = new Map();
  const modulesDir = path.join(rootDir, 'src', 'modules');
  for (const file of typeScriptFilesUnder(modulesDir)) {
    const from = locate(rootDir, file).module;
    if (!graph.has(from)) graph.set(from, new Set());

    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const target = resolveSpecifier(specifier, file);
      const where = target && locate(rootDir, target);
      if (!where || where.isEventsEntry) continue;
      if (where.module && where.module !== from) graph.get(from).add(where.module);
    }
  }
  return graph;
}

function typeScriptFilesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFilesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Shortest chain of modules leading from `from` to `to` (both included), or null if none. */
function findPath(graph, from, to) {
  const cameFrom = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === to) {
      const chain = [];
      for (let step = to; step !== null; step = cameFrom.get(step)) chain.unshift(step);
      return chain;
    }
    for (const next of graph.get(current) || []) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current);
        queue.push(next);
      }
    }
  }
  return null;
}

module.exports = { moduleGraph, findPath };
