import { fnv32a } from './fnv32a';

/** GrowthBook's own formulation (packages/sdk-js/src/util.ts, hashFnv32a), as the reference to match. */
function growthBookFnv32a(str: string): number {
  let hval = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    hval ^= str.charCodeAt(i);
    hval += (hval << 1) + (hval << 4) + (hval << 7) + (hval << 8) + (hval << 24);
  }
  return hval >>> 0;
}

describe('fnv32a', () => {
  it('matches the published 32-bit FNV-1a test vectors (FNV reference suite)', () => {
    expect(fnv32a('')).toBe(0x811c9dc5); // the offset basis
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-16 code units like GrowthBook (computed by hand from the FNV-1a definition)', () => {
    expect(fnv32a('é')).toBe(0x6c0b6c44); // U+00E9 as one unit, not two UTF-8 bytes
    expect(fnv32a('中文')).toBe(0x5132b5ad);
  });

  it('always returns an unsigned 32-bit integer equal to GrowthBook shift-and-add form', () => {
    const samples = ['', 'a', 'seed', 'visitor-1', '中文', '😀', 'x'.repeat(1000)];
    for (let i = 0; i < 2000; i++) samples.push(`visitor-${i}`, `${i}:${i * 7919}`);
    for (const sample of samples) {
      const value = fnv32a(sample);
      expect(Number.isInteger(value) && value >= 0 && value <= 0xffffffff).toBe(true);
      expect(value).toBe(growthBookFnv32a(sample));
    }
  });
});
