/**
 * 32-bit FNV-1a, the hash GrowthBook uses to put visitors into experiment buckets.
 *
 * Why FNV-1a and not SHA-256: it is what the GrowthBook SDKs use (packages/sdk-js/src/util.ts,
 * `hashFnv32a`), so an experiment configured here buckets a visitor exactly as GrowthBook would, and
 * GrowthBook's published test cases can check us. It is also tiny, fast and synchronous.
 *
 * Like GrowthBook we feed it UTF-16 code units (`charCodeAt`), not UTF-8 bytes: for ASCII ids the two
 * agree, for other text only this choice matches GrowthBook.
 */

/** FNV offset basis for 32 bits. */
const FNV_OFFSET_BASIS = 0x811c9dc5;
/** FNV prime for 32 bits (2^24 + 2^8 + 0x93). */
const FNV_PRIME = 0x01000193;

/** FNV-1a of `text` as an unsigned 32-bit integer (0 .. 2^32-1). */
export function fnv32a(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    // GrowthBook writes this as `hash += (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24)`,
    // i.e. multiply by the prime modulo 2^32; Math.imul does the same 32-bit multiplication directly.
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}
