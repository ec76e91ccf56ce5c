'use strict';

const { importVisitors } = require('../lib/import-visitors');
const { projectFor, optionsSchema } = require('../lib/project');

/**
 * DESIGN.md, module boundaries rule 1: code outside module B may import only B's index.ts, and
 * B's events.ts (the integration events B publishes, for subscribers).
 * Everything else in src/modules/B is B's private implementation, free to change without
 * breaking other modules. Applies to all code under src/ (modules, platform, app.module.ts,
 * main.ts); files outside src/ (tests, migrations) may reach into internals.
 */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: "Import another module only through its index.ts (its public API)" },
    schema: optionsSchema(),
    messages: {
      deepImport:
        "'{{specifier}}' reaches into the internals of module '{{module}}' (src/modules/{{module}}/{{pathInModule}}). " +
        "Only a module's index.ts (and its events.ts, for its integration events) is public: import it from '{{publicApi}}' (src/modules/{{module}}/index.ts) instead; " +
        "if it is not exported there, it is private to '{{module}}'.",
    },
  },

  create(context) {
    const project = projectFor(context);
    if (project.file.area === 'outside') return {};

    return importVisitors((specifier, node) => {
      const target = project.whereIs(specifier);
      if (!target || target.area !== 'module' || !target.module || target.isModuleEntry || target.isEventsEntry) return;
      const ownInternals = project.file.area === 'module' && project.file.module === target.module;
      if (ownInternals) return;

      context.report({
        node,
        messageId: 'deepImport',
        data: {
          specifier,
          module: target.module,
          pathInModule: target.pathInModule,
          publicApi: project.publicApiSpecifier(target.module),
        },
      });
    });
  },
};
