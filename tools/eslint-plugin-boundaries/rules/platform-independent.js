'use strict';

const { importVisitors } = require('../lib/import-visitors');
const { projectFor, optionsSchema } = require('../lib/project');

/**
 * DESIGN.md, module boundaries rule 2: src/platform imports no module, not even a module's
 * index. Platform is the shared plumbing every module builds on; if it knew about a module, every
 * module would transitively depend on that one.
 */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'src/platform must not import anything from src/modules' },
    schema: optionsSchema(),
    messages: {
      platformImportsModule:
        "src/platform must not depend on business modules, but '{{specifier}}' resolves into {{target}}. " +
        'Move what the platform needs into src/platform, or invert the dependency: let the module ' +
        'register with (or subscribe to) a platform port instead.',
    },
  },

  create(context) {
    const project = projectFor(context);
    if (project.file.area !== 'platform') return {};

    return importVisitors((specifier, node) => {
      const target = project.whereIs(specifier);
      if (!target || target.area !== 'module') return;
      context.report({
        node,
        messageId: 'platformImportsModule',
        data: { specifier, target: target.module ? `src/modules/${target.module}` : 'src/modules' },
      });
    });
  },
};
