import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { AppConfig } from '../../../platform/config/app-config';
import { classifyAddress } from '../domain/target-address';
import { addressProblem, literalAddress, TargetPolicy, urlProblem } from '../domain/target-url';

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

const DNS_TIMEOUT_MS = 3000;

/**
 * Applies the SSRF rules (domain/target-url.ts) with real name resolution: when an endpoint is
 * saved and again before every delivery, every address its host name resolves to must be
 * allowed, and the request then connects to the address that was checked (never resolving the
 * name a second time), so a name that changes its answer in between (DNS rebinding) cannot steer
 * a delivery to a private address.
 */
@Injectable()
export class TargetGuard {
  readonly policy: TargetPolicy;

  constructor(config: AppConfig) {
    this.policy = { production: config.NODE_ENV === 'production' };
  }

  /**
   * Why the URL may not be registered (null: it may). A name that does not resolve yet is
   * accepted (the merchant may be setting up DNS): it is judged again at every delivery.
   */
  async registrationProblem(raw: string): Promise<string | null> {
    const spelled = urlProblem(raw, this.policy);
    if (spelled) return spelled;
    const url = new URL(raw);
    if (literalAddress(url.hostname)) return null;
    const addresses = await this.resolve(url.hostname).catch(() => null);
    return addresses ? this.problemOf(addresses, url.protocol) : null;
  }

  /** The checked address to connect to, or why the delivery must not be sent. */
  async forDelivery(raw: string): Promise<{ target: ResolvedTarget } | { refused: string }> {
    const spelled = urlProblem(raw, this.policy);
    if (spelled) return { refused: spelled };
    const url = new URL(raw);
    const literal = literalAddress(url.hostname);
    if (literal) return { target: { address: literal, family: literal.includes(':') ? 6 : 4 } };
    const addresses = await this.resolve(url.hostname); // a failure is a network error: retried
    const problem = this.problemOf(addresses, url.protocol);
    return problem ? { refused: `${url.hostname} resolves to a refused address: ${problem}` } : { target: addresses[0] };
  }

  private problemOf(addresses: ResolvedTarget[], protocol: string): string | null {
    for (const a of addresses) {
      const problem = addressProblem(classifyAddress(a.address), protocol, this.policy);
      if (problem) return `${a.address}: ${problem}`;
    }
    return null;
  }

  private async resolve(hostname: string): Promise<ResolvedTarget[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`resolving ${hostname} took over ${DNS_TIMEOUT_MS} ms`)), DNS_TIMEOUT_MS);
    });
    try {
      const found = await Promise.race([lookup(hostname, { all: true, verbatim: true }), timeout]);
      if (found.length === 0) throw new Error(`${hostname} has no address`);
      return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    } finally {
      clearTimeout(timer);
    }
  }
}
