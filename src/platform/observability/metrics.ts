import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus metric of the process, each with a `module` label so a dashboard can show one
 * module's traffic, latency, events and queue apart from the others.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by owning module, method, route and status',
    labelNames: ['module', 'method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by owning module and route',
    labelNames: ['module', 'method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly facadeCalls = new Counter({
    name: 'facade_calls_total',
    help: 'Facade calls by called module, method, calling module and outcome (ok, refused: a 4xx answer, error)',
    labelNames: ['module', 'method', 'caller', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly facadeDuration = new Histogram({
    name: 'facade_call_duration_seconds',
    help: 'Facade call latency by called module, method and calling module',
    labelNames: ['module', 'method', 'caller'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly dbDuration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database time by the module whose code ran the query (millisecond resolution per query; sums are unbiased)',
    labelNames: ['module'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly dbErrors = new Counter({
    name: 'db_query_errors_total',
    help: 'Failed database queries by the module whose code ran them',
    labelNames: ['module'] as const,
    registers: [this.registry],
  });

  readonly breakerState = new Gauge({
    name: 'dependency_breaker_state',
    help: "A calling module's breaker around another module: 0 closed, 1 half-open (probing), 2 open (not called)",
    labelNames: ['module', 'dependency'] as const,
    registers: [this.registry],
  });

  readonly breakerEvents = new Counter({
    name: 'dependency_breaker_events_total',
    help: 'What a dependency breaker saw: failure, timeout, rejected (answered without calling), open, half_open, close',
    labelNames: ['module', 'dependency', 'event'] as const,
    registers: [this.registry],
  });

  readonly eventsHandled = new Counter({
    name: 'event_handler_runs_total',
    help: 'Integration event deliveries by subscribing module, subscriber and outcome (success, failure, timeout)',
    labelNames: ['module', 'subscriber', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly eventDuration = new Histogram({
    name: 'event_handler_duration_seconds',
    help: 'Time a subscriber took for one event',
    labelNames: ['module', 'subscriber'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly eventLag = new Histogram({
    name: 'event_delivery_lag_seconds',
    help: 'Time from an event being committed to a subscriber starting on it',
    labelNames: ['module'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600],
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in each module queue (event deliveries and the module jobs this process runs) by state, sampled on scrape',
    labelNames: ['module', 'queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Gauge({
    name: 'event_dead_letters',
    help: 'Dead-lettered event deliveries waiting for a re-drive, by subscribing module',
    labelNames: ['module'] as const,
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({
    name: 'outbox_pending_events',
    help: 'Committed events not yet relayed to their subscribers',
    registers: [this.registry],
  });

  private readonly samplers: Array<() => Promise<void>> = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Registers a gauge refresher that runs on every scrape (queue depths, backlog sizes). */
  sampleOnScrape(sampler: () => Promise<void>): void {
    this.samplers.push(sampler);
  }

  async render(): Promise<string> {
    await Promise.allSettled(this.samplers.map((sample) => sample()));
    return this.registry.metrics();
  }
}
