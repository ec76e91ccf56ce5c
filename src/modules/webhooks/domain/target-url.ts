import { isIP } from 'node:net';
import { AddressKind, classifyAddress } from './target-address';

/**
 * Where webhooks may be sent (the SSRF rules). In production only https to public addresses.
 * Elsewhere (development, tests) https anywhere, and plain http to this machine only (loopback),
 * for a receiver running next to the shop.
 */
export interface TargetPolicy {
  production: boolean;
}

export const MAX_URL_LENGTH = 2000;

/** Host names that always mean this machine, whatever DNS says. */
const LOCAL_NAME = /(^|\.)localhost\.?$/i;

/**
 * What is wrong with an endpoint URL as written (null: nothing). Host names are only judged by
 * their spelling here; `addressProblem` judges every address a name resolves to, when the endpoint
 * is saved and again before each delivery.
 */
export function urlProblem(raw: string, policy: TargetPolicy): string | null {
  if (raw.length > MAX_URL_LENGTH) return `the URL is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `the scheme must be https (${url.protocol.replace(':', '')} given)`;
  if (url.username || url.password) return 'the URL may not carry a user name or password; put a token in the path or query instead';
  if (url.hash) return 'the URL may not have a fragment (#...)';
  if (!url.hostname) return 'the URL has no host';
  const literal = literalAddress(url.hostname);
  const kind: AddressKind | 'name' = literal ? classifyAddress(literal) : LOCAL_NAME.test(url.hostname) ? 'loopback' : 'name';
  if (url.protocol === 'http:') {
    if (policy.production) return 'the scheme must be https';
    if (kind !== 'loopback') return 'plain http is allowed only to this machine (127.0.0.1, ::1 or localhost); use https';
  }
  return kind === 'name' ? null : addressProblem(kind, url.protocol, policy);
}

/** Why an address of this kind may not receive webhooks under the policy (null: it may). */
export function addressProblem(kind: AddressKind, protocol: string, policy: TargetPolicy): string | null {
  if (kind === 'unspecified' || kind === 'reserved') return `the address is ${kind}`;
  if (protocol === 'http:' && kind !== 'loopback') return 'plain http is allowed only to this machine';
  if (policy.production && kind !== 'public') return `the address is ${kind}: production sends webhooks to public addresses only`;
  return null;
}

/** The IP address a URL host spells, if it spells one (IPv6 without its brackets). */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

/** The URL as logs and errors may show it: scheme, host, port and path; never the query (it may hold a token). */
export function printableUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
