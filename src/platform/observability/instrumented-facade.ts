import type { Provider, Type } from '@nestjs/common';
import { AppError } from '../http/app-error';
import { currentModule, runAsModule } from './current-module';
import { Metrics } from './metrics';

type AbstractType<T> = abstract new (...args: never[]) => T;
type Method = (...args: unknown[]) => unknown;

/** Nest calls these on provider instances itself; the wrapper must not expose them a second time. */
const NOT_FACADE_METHODS = new Set([
  'constructor',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * A module's facade provider, counted and timed on every call: use in the module's providers as
 * `...facadeProviders(OrdersFacade, OrdersFacadeService, 'orders')`. Callers inject the facade
 * token as before; each call is counted by called module, method, calling module and outcome,
 * and the callee's code runs as its own module (so its database time is charged to it).
 */
export function facadeProviders<T extends object>(facade: AbstractType<T>, implementation: Type<T>, module: string): Provider[] {
  return [
    implementation,
    {
      provide: facade,
      inject: [implementation, Metrics],
      useFactory: (impl: T, metrics: Metrics) => instrumentFacade(facade, impl, module, metrics),
    },
  ];
}

export function instrumentFacade<T extends object>(facade: AbstractType<T>, impl: T, module: string, metrics: Metrics): T {
  // The facade's own prototype keeps `instanceof` true; the implementation's other methods (and any
  // decorators on them, such as event subscriptions) stay out of sight.
  const wrapped = Object.create(facade.prototype as object) as Record<string, Method>;
  for (const name of methodNames(impl)) {
    const fn = (impl as Record<string, Method>)[name].bind(impl);
    wrapped[name] = instrumentMethod(metrics, module, name, fn);
  }
  return wrapped as unknown as T;
}

function methodNames(impl: object): Set<string> {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(impl) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (NOT_FACADE_METHODS.has(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof descriptor?.value === 'function') names.add(name);
    }
  }
  return names;
}

interface Figures {
  ok: { inc(): void };
  refused: { inc(): void };
  error: { inc(): void };
  duration: { observe(seconds: number): void };
}

function instrumentMethod(metrics: Metrics, module: string, method: string, fn: Method): Method {
  // Label children are looked up once per caller, not on every call.
  const byCaller = new Map<string, Figures>();
  const figuresFor = (caller: string): Figures => {
    let figures = byCaller.get(caller);
    if (!figures) {
      figures = {
        ok: metrics.facadeCalls.labels(module, method, caller, 'ok'),
        refused: metrics.facadeCalls.labels(module, method, caller, 'refused'),
        error: metrics.facadeCalls.labels(module, method, caller, 'error'),
        duration: metrics.facadeDuration.labels(module, method, caller),
      };
      byCaller.set(caller, figures);
    }
    return figures;
  };

  return function instrumented(...args: unknown[]): unknown {
    const figures = figuresFor(currentModule());
    const started = performance.now();
    const failed = (error: unknown): never => {
      // A 4xx is the callee's answer (not found, refused), not a fault of the callee.
      (error instanceof AppError && error.status < 500 ? figures.refused : figures.error).inc();
      figures.duration.observe((performance.now() - started) / 1000);
      throw error;
    };
    let result: unknown;
    try {
      result = runAsModule(module, fn, ...args);
    } catch (error) {
      return failed(error);
    }
    if (result instanceof Promise) {
      return result.then((value: unknown) => {
        figures.ok.inc();
        figures.duration.observe((performance.now() - started) / 1000);
        return value;
      }, failed);
    }
    figures.ok.inc();
    figures.duration.observe((performance.now() - started) / 1000);
    return result;
  };
}
