import { AsyncLocalStorage } from 'node:async_hooks';
import { ClsServiceManager } from 'nestjs-cls';
import { SCHEDULES_QUEUE } from '../queue/queue-names';

/**
 * Which module's code is running now, so work that happens deep down (a database query) can be
 * charged to the module that asked for it.
 *
 * Two sources, the narrower winning:
 * - a scope: a facade call runs its callee inside `runAsModule(callee, ...)`, and so do event
 *   deliveries (the subscriber's module) and jobs (the queue's module);
 * - the request's context: the first guard of every HTTP request tags the CLS store with the module
 *   owning the controller (a guard cannot open an async scope around the handler, the CLS store
 *   already spans the whole request).
 */
const scope = new AsyncLocalStorage<string>();

/** The CLS key of the module owning the current HTTP request. */
export const REQUEST_MODULE = Symbol('platform.request-module');

export function currentModule(): string {
  return scope.getStore() ?? (ClsServiceManager.getClsService().get(REQUEST_MODULE) as string | undefined) ?? 'platform';
}

/** Runs `fn` (with `args`) as the code of `module`; without a closure, so a hot path allocates nothing. */
export function runAsModule<A extends unknown[], R>(module: string, fn: (...args: A) => R, ...args: A): R {
  return scope.run(module, fn, ...args);
}

/** Jobs belong to the module their queue is named after (`orders.dynamic-deliveries`); schedules to their task's module. */
export function ownerOfJob(queue: string, jobName: string): string {
  const named = queue === SCHEDULES_QUEUE ? jobName : queue;
  const dot = named.indexOf('.');
  return dot > 0 ? named.slice(0, dot) : 'platform';
}
