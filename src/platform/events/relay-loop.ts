import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../config/app-config';
import { OutboxRelay } from './outbox-relay';

/** Runs the relay continuously on worker nodes: back to back while there is a backlog, else polls. */
@Injectable()
export class RelayLoop {
  private readonly logger = new Logger('RelayLoop');
  private running: Promise<void> | null = null;
  private stopping = new AbortController();

  constructor(
    private readonly relay: OutboxRelay,
    private readonly config: AppConfig,
  ) {}

  get isRunning(): boolean {
    return this.running !== null;
  }

  start(): void {
    if (this.running) return;
    this.stopping = new AbortController();
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      let relayed = 0;
      try {
        relayed = await this.relay.relayBatch();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.error(`outbox relay failed (${failures} in a row): ${String(error)}`);
      }
      if (relayed >= this.config.OUTBOX_BATCH_SIZE) continue;
      const wait = this.config.OUTBOX_POLL_INTERVAL_MS * Math.min(2 ** failures, 50);
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
  }
}
