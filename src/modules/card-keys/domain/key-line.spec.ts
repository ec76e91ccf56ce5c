import { maskKey, MAX_KEY_LENGTH, readKeyLine } from './key-line';

describe('readKeyLine', () => {
  it('trims keys and skips blank lines', () => {
    expect(readKeyLine('  ABCD-1234\r')).toEqual({ kind: 'key', secret: 'ABCD-1234' });
    expect(readKeyLine('   ')).toEqual({ kind: 'blank' });
  });

  it('refuses over-long lines and control characters', () => {
    expect(readKeyLine('x'.repeat(MAX_KEY_LENGTH + 1)).kind).toBe('invalid');
    expect(readKeyLine('ab\u0000cd').kind).toBe('invalid');
    expect(readKeyLine('user\tpass')).toEqual({ kind: 'key', secret: 'user\tpass' });
  });
});

describe('maskKey', () => {
  it('keeps two characters at each end and hides short keys entirely', () => {
    expect(maskKey('ABCD-EFGH-1234')).toBe('AB**********34');
    expect(maskKey('abc')).toBe('***');
    expect(maskKey('A'.repeat(100))).toBe(`AA${'*'.repeat(12)}AA`);
  });
});
