import { INestApplication, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
/** How often connections that finished their last response are closed while draining. */
const SWEEP_MS = 100;

let draining = false;
/** Responses not yet finished: those still without headers when draining starts get `Connection: close`. */
const inFlight = new Set<Response>();

/**
 * While the process drains, every response tells the client to close its connection, so a
 * keep-alive client (a load balancer, a storefront's agent) opens its next one to another node.
 */
export function closeConnectionsWhileDraining(_req: Request, res: Response, next: NextFunction): void {
  if (draining) {
    res.setHeader('Connection', 'close');
  } else {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  }
  next();
}

function startDraining(): void {
  draining = true;
  for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
  inFlight.clear();
}

export interface ShutdownOptions {
  /** SHUTDOWN_GRACE_MS: the longest the orderly shutdown may take before the process exits 1. */
  graceMs: number;
  exit?: (code: number) => void;
  /** Where the signals come from: the process, or a test's emitter. */
  signals?: Pick<NodeJS.EventEmitter, 'on'>;
}

/**
 * The first SIGTERM or SIGINT starts an orderly shutdown (app.close()): the outbox relay stops
 * (beforeApplicationShutdown); the listening socket closes, so new connections are refused, and
 * idle keep-alive connections with it, while requests in flight finish; each queue stops taking
 * jobs and waits for its running ones, then Redis and PostgreSQL close (onApplicationShutdown,
 * the global database and Redis modules last); the process exits 0. Past the grace period, or on
 * a second signal, it exits 1 at once: unfinished jobs are taken up again by another worker.
 *
 * Used instead of Nest's enableShutdownHooks, which re-raises the signal when done (exit code 143
 * rather than 0), has no time limit and ignores a second signal.
 */
export function shutDownOnSignals(app: INestApplication, options: ShutdownOptions): void {
  const logger = new Logger('Shutdown');
  const exit = options.exit ?? ((code: number) => process.exit(code));

  const onSignal = (signal: NodeJS.Signals): void => {
    if (draining) {
      logger.warn(`${signal} again: exiting now without waiting for running work`);
      exit(1);
      return;
    }
    startDraining();
    logger.log(`${signal}: no new requests or jobs; finishing the running ones (at most ${options.graceMs} ms)`);
    const server = app.getHttpServer() as Server;
    // server.close() closes the connections idle at that moment; one busy then stays open after its
    // response unless closed here, and would hold the shutdown until its keep-alive timeout.
    const sweeper = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
    const deadline = setTimeout(() => {
      logger.error(`shutdown still not done after SHUTDOWN_GRACE_MS=${options.graceMs} ms: exiting with work unfinished`);
      exit(1);
    }, options.graceMs);
    app.close().then(
      () => {
        clearInterval(sweeper);
        clearTimeout(deadline);
        logger.log('shut down cleanly');
        exit(0);
      },
      (error: unknown) => {
        clearInterval(sweeper);
        clearTimeout(deadline);
        logger.error(`shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        exit(1);
      },
    );
  };
  const source = options.signals ?? process;
  for (const signal of SIGNALS) source.on(signal, onSignal);
}
