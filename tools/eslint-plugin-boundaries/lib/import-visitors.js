'use strict';

/**
 * Builds an ESLint visitor that calls `onImport(specifier, node)` once for every way a TypeScript
 * file can depend on another file, so each rule only decides what is allowed and never has to
 * know the AST shapes. `node` is the string literal to report on.
 *
 * Covered: import / import type, export ... from, export * from, import('x'), require('x'),
 * `import x = require('x')` and the type expression `import('x').T`.
 * Specifiers built at runtime (`import(name)`) cannot be checked and are skipped.
 */
function importVisitors(onImport) {
  const check = (node) => {
    const specifier = staticString(node);
    if (specifier !== undefined) onImport(specifier, node);
  };

  return {
    ImportDeclaration: (node) => check(node.source),
    ExportNamedDeclaration: (node) => node.source && check(node.source),
    ExportAllDeclaration: (node) => check(node.source),
    ImportExpression: (node) => check(node.source),
    CallExpression(node) {
      const isRequire = node.callee.type === 'Identifier' && node.callee.name === 'require';
      if (isRequire && node.arguments.length > 0) check(node.arguments[0]);
    },
    TSExternalModuleReference: (node) => check(node.expression),
    // typescript-eslint 8 exposes the string as `source`; older versions as `argument.literal`.
    TSImportType: (node) => check(node.source ?? (node.argument && node.argument.literal)),
  };
}

/** The string value of a literal or of a template without `${}`; undefined for anything dynamic. */
function staticString(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

module.exports = { importVisitors };
