/** E-mail addresses as membership keeps them: trimmed and lower-case, so one person has one account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately loose (one @, a dot in the domain, no spaces): the real test of an address is mail
// reaching it. Length limits are RFC 5321's.
const PLAUSIBLE_EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && PLAUSIBLE_EMAIL.test(email);
}
