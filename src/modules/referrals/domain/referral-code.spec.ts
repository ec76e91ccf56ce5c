import { newReferralCode, normaliseReferralCode, REFERRAL_CODE_ALPHABET } from './referral-code';

describe('referral codes', () => {
  it('are 8 characters of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = newReferralCode();
      expect(code).toMatch(/^[A-Z2-9]{8}$/);
      expect([...code].every((c) => REFERRAL_CODE_ALPHABET.includes(c))).toBe(true);
      expect(code).not.toMatch(/[01ILO]/);
    }
  });

  it('take the random source they are given', () => {
    expect(newReferralCode(() => 0)).toBe('AAAAAAAA');
    expect(newReferralCode((max) => max - 1)).toBe('99999999');
  });

  it('read case-insensitively, ignoring spaces and dashes', () => {
    expect(normaliseReferralCode(' ab3k-7qpx ')).toBe('AB3K7QPX');
    expect(normaliseReferralCode('AB3K7QPX')).toBe('AB3K7QPX');
  });

  it('refuse what cannot be a code', () => {
    expect(normaliseReferralCode('AB3K7QP')).toBeNull(); // 7 characters
    expect(normaliseReferralCode('AB3K7QPXY')).toBeNull(); // 9
    expect(normaliseReferralCode('AB3K7QP0')).toBeNull(); // 0 is not in the alphabet
    expect(normaliseReferralCode('ABCDEFGI')).toBeNull(); // nor I
    expect(normaliseReferralCode('')).toBeNull();
  });
});
