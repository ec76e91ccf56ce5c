import 'reflect-metadata';

const MODULE_LABEL = 'platform:module-label';

/**
 * Names the business module a Nest module class belongs to. Metrics and logs use it as the
 * `module` label; anything without one is counted as `platform`.
 */
export function ModuleLabel(label: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(MODULE_LABEL, label, target);
}

export function moduleLabelOf(moduleClass: unknown): string {
  if (typeof moduleClass !== 'function') return 'platform';
  return (Reflect.getMetadata(MODULE_LABEL, moduleClass) as string | undefined) ?? 'platform';
}
