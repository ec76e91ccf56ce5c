/**
 * Test-only helpers for the experiment specs: a seeded random number generator, so simulations are
 * reproducible (Math.random would make a statistical test flaky by design).
 */

/**
 * mulberry32 (Tommy Ettinger's public-domain 32-bit generator): tiny, fast and good enough for
 * simulating conversions. Returns a function giving uniform numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many of `visitors` convert when each converts independently with probability `rate`. */
export function simulateConversions(random: () => number, visitors: number, rate: number): number {
  let conversions = 0;
  for (let i = 0; i < visitors; i++) {
    if (random() < rate) conversions++;
  }
  return conversions;
}
