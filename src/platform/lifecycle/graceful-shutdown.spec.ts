import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { EventEmitter } from 'node:events';

type Module = typeof import('./graceful-shutdown');

/** A fresh copy of the module (its draining state is per process) and a fake app whose close the test settles. */
function setUp() {
  let mod!: Module;
  jest.isolateModules(() => {
    mod = jest.requireActual<Module>('./graceful-shutdown');
    // The module's own copy of Nest's Logger: its expected errors need not reach the test output.
    jest.requireActual<typeof import('@nestjs/common')>('@nestjs/common').Logger.overrideLogger(false);
  });
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const close = jest.fn(() => new Promise<void>((resolve, reject) => (settle = { resolve, reject })));
  const closeIdleConnections = jest.fn();
  const app = { close, getHttpServer: () => ({ closeIdleConnections }) } as unknown as INestApplication;
  const exit = jest.fn();
  const signals = new EventEmitter();
  return { mod, app, close, closeIdleConnections, exit, signals, settle: () => settle };
}

function fakeResponse(headersSent = false) {
  const headers = new Map<string, string>();
  const listeners = new Map<string, () => void>();
  const res = {
    headersSent,
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    once: (event: string, listener: () => void) => listeners.set(event, listener),
  };
  return { res: res as unknown as Response, headers, finish: () => listeners.get('close')?.() };
}

/** Lets the app.close() promise's handlers run. */
const settled = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

const pass = (mod: Module, res: Response) => mod.closeConnectionsWhileDraining({} as Request, res, (() => undefined) as NextFunction);

describe('shutDownOnSignals', () => {
  // Fake timers: the grace deadline and the idle-connection sweeper never outlive a test.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  it('closes the app on SIGTERM, marks unanswered responses Connection: close, and exits 0 when closed', async () => {
    const { mod, app, close, exit, signals, settle } = setUp();
    mod.shutDownOnSignals(app, { graceMs: 60_000, exit, signals });
    const busy = fakeResponse();
    const answered = fakeResponse(true);
    const done = fakeResponse();
    pass(mod, busy.res);
    pass(mod, answered.res);
    pass(mod, done.res);
    done.finish();

    signals.emit('SIGTERM');
    expect(close).toHaveBeenCalledTimes(1);
    expect(busy.headers.get('connection')).toBe('close');
    expect(answered.headers.has('connection')).toBe(false);
    expect(done.headers.has('connection')).toBe(false);
    const late = fakeResponse();
    pass(mod, late.res);
    expect(late.headers.get('connection')).toBe('close');
    expect(exit).not.toHaveBeenCalled();

    settle().resolve();
    await settled();
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('exits 1 at once on a second signal while closing', () => {
    const { mod, app, close, exit, signals } = setUp();
    mod.shutDownOnSignals(app, { graceMs: 60_000, exit, signals });
    signals.emit('SIGINT');
    signals.emit('SIGTERM');
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('exits 1 when closing takes longer than the grace period, and closes idle connections meanwhile', () => {
    const { mod, app, exit, signals, closeIdleConnections } = setUp();
    mod.shutDownOnSignals(app, { graceMs: 5000, exit, signals });
    signals.emit('SIGTERM');
    jest.advanceTimersByTime(4999);
    expect(exit).not.toHaveBeenCalled();
    expect(closeIdleConnections).toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('exits 1 when closing fails', async () => {
    const { mod, app, exit, signals, settle } = setUp();
    mod.shutDownOnSignals(app, { graceMs: 60_000, exit, signals });
    signals.emit('SIGTERM');
    settle().reject(new Error('pool would not close'));
    await settled();
    expect(exit).toHaveBeenCalledWith(1);
  });
});
