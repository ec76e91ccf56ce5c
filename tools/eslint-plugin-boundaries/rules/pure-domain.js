'use strict';

const { importVisitors } = require('../lib/import-visitors');
const { projectFor, optionsSchema } = require('../lib/project');

/**
 * A module's domain/ folder holds its business rules as plain TypeScript, testable without Nest,
 * a database or a queue. So domain code may not import framework or infrastructure packages, nor
 * its own module's adapter layers (which depend on the domain, never the other way round).
 */
const DEFAULT_FORBIDDEN_PACKAGES = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'nestjs-cls',
  '@nestjs-cls/*',
  'bull',
  '@nestjs/bull',
  'pg',
  'ioredis',
  'class-validator',
  'class-transformer',
];
const DEFAULT_FORBIDDEN_LAYERS = ['persistence', 'http', 'jobs', 'handlers'];

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Domain code must not import frameworks, infrastructure or its module adapter layers' },
    schema: optionsSchema({
      forbiddenPackages: { type: 'array', items: { type: 'string' } },
      forbiddenLayers: { type: 'array', items: { type: 'string' } },
    }),
    messages: {
      forbiddenPackage:
        "Domain code must not import '{{specifier}}' (forbidden package '{{pattern}}'). Keep domain/ free of " +
        'framework and infrastructure code: move this code to the persistence/, http/, jobs/ or handlers/ ' +
        'layer, or declare an interface in domain/ that one of those layers implements.',
      forbiddenLayer:
        "Domain code must not import its module's {{layer}}/ layer ('{{specifier}}'). The dependency goes the " +
        'other way: declare what the domain needs as an interface in domain/ and implement it in {{layer}}/.',
    },
  },

  create(context) {
    const project = projectFor(context);
    const { file } = project;
    if (file.area !== 'module' || !file.pathInModule.startsWith('domain/')) return {};

    const options = context.options[0] || {};
    const forbiddenPackages = options.forbiddenPackages || DEFAULT_FORBIDDEN_PACKAGES;
    const forbiddenLayers = options.forbiddenLayers || DEFAULT_FORBIDDEN_LAYERS;

    return importVisitors((specifier, node) => {
      const target = project.whereIs(specifier);

      if (target === null) {
        const pattern = forbiddenPackages.find((p) => matchesPackage(specifier, p));
        if (pattern) context.report({ node, messageId: 'forbiddenPackage', data: { specifier, pattern } });
        return;
      }

      const ownModuleOutsideDomain =
        target.area === 'module' && target.module === file.module && !target.pathInModule.startsWith('domain/');
      if (!ownModuleOutsideDomain) return;
      const layer = target.pathInModule.split('/').find((folder) => forbiddenLayers.includes(folder));
      if (layer) context.report({ node, messageId: 'forbiddenLayer', data: { specifier, layer } });
    });
  },
};

/** 'typeorm' matches 'typeorm' and 'typeorm/sub/path'; '@nestjs/*' matches everything under '@nestjs/'. */
function matchesPackage(specifier, pattern) {
  if (pattern.endsWith('/*')) return specifier.startsWith(pattern.slice(0, -1));
  return specifier === pattern || specifier.startsWith(`${pattern}/`);
}
