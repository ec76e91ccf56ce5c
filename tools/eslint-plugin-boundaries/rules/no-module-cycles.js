'use strict';

const { importVisitors } = require('../lib/import-visitors');
const { projectFor, optionsSchema } = require('../lib/project');
const { moduleGraph, findPath } = require('../lib/module-graph');

/**
 * DESIGN.md, module boundaries rule 5: module dependencies form a DAG. Importing another module
 * through its index is fine on its own, but not when that module already (directly or through
 * others) depends back on this one. Every import that closes such a loop is reported, with the
 * loop in the message.
 */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules must not depend on each other in a cycle' },
    schema: optionsSchema(),
    messages: {
      cycle:
        "Module cycle: {{cycle}}. '{{specifier}}' makes module '{{from}}' depend on '{{to}}', which already " +
        "depends back on '{{from}}'. Keep the direct call in one direction only and use an event " +
        "(declared in the publisher's public/, exported from its events.ts) for the other.",
      eventContractImport:
        "'{{specifier}}' makes an event contract of module '{{from}}' depend on module '{{to}}'. Event " +
        "contracts (events.ts and public/*.events.ts) are imported by subscribers without counting as a " +
        "dependency, so they may import only their own module's public/ files and the platform.",
    },
  },

  create(context) {
    const project = projectFor(context);
    const from = project.file.module;
    if (project.file.area !== 'module' || !from) return {};

    // Built on first need only: most files import no other module.
    let graph;

    return importVisitors((specifier, node) => {
      const target = project.whereIs(specifier);
      const to = target && target.area === 'module' ? target.module : undefined;
      if (!to || to === from) return;
      if (project.file.isEventContract) {
        context.report({ node, messageId: 'eventContractImport', data: { specifier, from, to } });
        return;
      }
      if (target.isEventsEntry) return;

      graph = graph || moduleGraph(project);
      const wayBack = findPath(graph, to, from);
      if (!wayBack) return;

      context.report({
        node,
        messageId: 'cycle',
        data: { cycle: [from, ...wayBack].join(' → '), specifier, from, to },
      });
    });
  },
};
