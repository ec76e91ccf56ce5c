import { parsePartners, placeholderEmail } from './partners';

const SECRET_A = 'a'.repeat(32);
const SECRET_B = 'b:c'.repeat(11);

describe('partner settings', () => {
  it('reads code:secret entries (a secret may contain a colon)', () => {
    expect(parsePartners(`forum:${SECRET_A},game-club:${SECRET_B}`)).toEqual(
      new Map([
        ['forum', SECRET_A],
        ['game-club', SECRET_B],
      ]),
    );
    expect(parsePartners(undefined).size).toBe(0);
    expect(parsePartners('').size).toBe(0);
  });

  it('refuses short secrets, bad codes and duplicates, never quoting the secret', () => {
    expect(() => parsePartners('forum:short-secret')).toThrow(/"forum" must be at least 32/);
    expect(() => parsePartners(`Forum:${SECRET_A}`)).toThrow(/code:secret/);
    expect(() => parsePartners(SECRET_A)).toThrow(/code:secret/);
    expect(() => parsePartners(`forum:${SECRET_A},forum:${SECRET_B}`)).toThrow(/listed twice/);
    try {
      parsePartners('forum:short-secret');
    } catch (error) {
      expect(String(error)).not.toContain('short-secret');
    }
  });

  it('makes placeholder addresses that are valid and unique per subject', () => {
    expect(placeholderEmail('forum', 'user-42')).toBe('forum-user-42@partner.invalid');
    const odd = placeholderEmail('forum', 'User 42/Ä');
    expect(odd).toMatch(/^forum-h[0-9a-f]{32}@partner\.invalid$/);
    expect(placeholderEmail('forum', 'user 42/Ä')).not.toBe(odd);
  });
});
