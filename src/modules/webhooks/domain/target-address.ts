import { isIP } from 'node:net';

/**
 * What an IP address reaches. Only `public` addresses are allowed in production; `unspecified`
 * and `reserved` never are (0.0.0.0 reaches this very machine; multicast and documentation ranges
 * are no place for a webhook).
 */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'reserved';

type Range = [prefix: string, bits: number, kind: AddressKind];

const V4: Range[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network": 0.0.0.0 connects to the local host
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // cloud metadata services live here (169.254.169.254)
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relays
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'reserved'], // multicast
  ['240.0.0.0', 4, 'reserved'], // future use and broadcast
];

const V6: Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'], // IPv4-compatible (deprecated)
  ['100::', 64, 'reserved'], // discard
  ['2001::', 32, 'reserved'], // Teredo tunnels reach arbitrary IPv4 hosts
  ['2001:db8::', 32, 'reserved'], // documentation
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local (deprecated)
  ['ff00::', 8, 'reserved'], // multicast
];

/** Addresses that carry an IPv4 address inside an IPv6 one: judged by the IPv4 address. */
const EMBEDDING: Array<{ prefix: string; bits: number; at: number }> = [
  { prefix: '::ffff:0:0', bits: 96, at: 12 }, // IPv4-mapped
  { prefix: '64:ff9b::', bits: 96, at: 12 }, // NAT64
  { prefix: '2002::', bits: 16, at: 2 }, // 6to4
];

/** Classifies an IP address (v4 or v6, without brackets). Throws on anything that is not one. */
export function classifyAddress(address: string): AddressKind {
  const bytes = addressBytes(address);
  if (bytes.length === 4) return kindOf(bytes, V4);
  for (const e of EMBEDDING) {
    if (matches(bytes, addressBytes(e.prefix), e.bits)) return classifyAddress(bytes.subarray(e.at, e.at + 4).join('.'));
  }
  return kindOf(bytes, V6);
}

function kindOf(bytes: Uint8Array, ranges: Range[]): AddressKind {
  // The longest matching prefix wins (::1 before ::/96).
  let best: { bits: number; kind: AddressKind } | null = null;
  for (const [prefix, bits, kind] of ranges) {
    if (matches(bytes, addressBytes(prefix), bits) && (!best || bits > best.bits)) best = { bits, kind };
  }
  return best?.kind ?? 'public';
}

function matches(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  if (bytes.length !== prefix.length) return false;
  for (let i = 0; i < bits; i += 1) {
    const bit = (b: Uint8Array) => (b[i >> 3] >> (7 - (i & 7))) & 1;
    if (bit(bytes) !== bit(prefix)) return false;
  }
  return true;
}

/** The address as 4 or 16 bytes. */
export function addressBytes(address: string): Uint8Array {
  const family = isIP(address);
  if (family === 4) return Uint8Array.from(address.split('.').map(Number));
  if (family !== 6) throw new Error(`"${address}" is not an IP address`);
  let text = address.split('%')[0]; // a zone index (fe80::1%eth0) does not change the kind
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number);
    text = text.slice(0, -tail[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  return bytes;
}
