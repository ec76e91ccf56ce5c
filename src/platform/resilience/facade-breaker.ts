import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { AppError } from '../http/app-error';
import type { Metrics } from '../observability/metrics';

export type BreakerState = 'closed' | 'half_open' | 'open';

export interface FacadeBreakerOptions {
  /** The module that calls (metrics label `module`). */
  caller: string;
  /** The module called (metrics label `dependency`). */
  dependency: string;
  timeoutMs: number;
  resetMs: number;
  minCalls: number;
  errorPercent: number;
}

/**
 * Why a guarded call got no answer: the breaker is open (the module was not called at all), the
 * module took too long, or it failed. The caller decides what "no answer" means for it.
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';

  constructor(
    readonly dependency: string,
    readonly reason: 'open' | 'timeout' | 'failed',
    override readonly cause: unknown,
  ) {
    super(`${dependency} unavailable (${reason}): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

type Thunk = () => Promise<unknown>;

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * A timeout and a circuit breaker (opossum) around calls into another module that the caller can
 * do without. After too many failures or timeouts in a rolling 10 s window the module is not
 * called for `resetMs`: every call fails at once, so a sick module costs its callers nothing.
 * Then a single call probes it; success closes the breaker, failure opens it again.
 *
 * A 4xx AppError is the module's answer (an unknown coupon), not a fault: it is passed on and
 * counts as a success. The breaker lives in this process's memory, so each node learns a
 * module's health on its own (a few failed calls per node before its breaker opens).
 */
export class FacadeBreaker {
  private readonly logger: Logger;
  private readonly breaker: CircuitBreaker<[Thunk], unknown>;

  constructor(
    private readonly options: FacadeBreakerOptions,
    private readonly metrics: Metrics,
  ) {
    this.logger = new Logger(`FacadeBreaker:${options.dependency}`);
    this.breaker = new CircuitBreaker<[Thunk], unknown>((call: Thunk) => call(), {
      name: `${options.caller}->${options.dependency}`,
      timeout: options.timeoutMs,
      resetTimeout: options.resetMs,
      volumeThreshold: options.minCalls,
      errorThresholdPercentage: options.errorPercent,
      rollingCountTimeout: 10_000,
      rollingCountBuckets: 10,
      errorFilter: (error: unknown) => error instanceof AppError && error.status < 500,
    });
    this.watch();
  }

  /** Calls `call` unless the breaker is open; rejects with DependencyUnavailableError, or the module's own 4xx. */
  async call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(call)) as T;
    } catch (error) {
      if (error instanceof AppError && error.status < 500) throw error;
      throw new DependencyUnavailableError(this.options.dependency, this.reasonOf(error), error);
    }
  }

  state(): BreakerState {
    if (this.breaker.closed) return 'closed';
    return this.breaker.halfOpen ? 'half_open' : 'open';
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private reasonOf(error: unknown): DependencyUnavailableError['reason'] {
    if (!(error instanceof Error) || !CircuitBreaker.isOurError(error)) return 'failed';
    const code = (error as Error & { code?: string }).code;
    if (code === 'EOPENBREAKER') return 'open';
    return code === 'ETIMEDOUT' ? 'timeout' : 'failed';
  }

  private watch(): void {
    const { caller, dependency, resetMs } = this.options;
    const count = (event: string) => this.metrics.breakerEvents.labels(caller, dependency, event).inc();
    const show = () => this.metrics.breakerState.labels(caller, dependency).set(STATE_VALUE[this.state()]);
    show();
    this.breaker.on('failure', () => count('failure'));
    this.breaker.on('timeout', () => count('timeout'));
    this.breaker.on('reject', () => count('rejected'));
    this.breaker.on('open', () => {
      count('open');
      show();
      this.logger.warn(`${caller} stops calling ${dependency} for ${resetMs} ms after repeated failures; it goes on without it`);
    });
    this.breaker.on('halfOpen', () => {
      count('half_open');
      show();
    });
    this.breaker.on('close', () => {
      count('close');
      show();
      this.logger.log(`${dependency} answers again; ${caller} calls it as usual`);
    });
  }
}
