/**
 * A random id for this browser, kept in localStorage, so A/B experiments show a visitor the same
 * variant at quote time and at payment. It identifies nothing else.
 */
const VISITOR_KEY = 'cardshop.visitor';
const REFERRAL_KEY = 'cardshop.referral-code';

export function visitorId(): string {
  let id = localStorage.getItem(VISITOR_KEY);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = crypto.randomUUID().replace(/-/g, '');
    localStorage.setItem(VISITOR_KEY, id);
  }
  return id;
}

/** A referral link is `/?ref=CODE`: the code is kept for the registration that may come later. */
export function rememberReferral(search: string): void {
  const code = new URLSearchParams(search).get('ref')?.trim();
  if (code && /^[A-Za-z0-9 -]{1,64}$/.test(code)) localStorage.setItem(REFERRAL_KEY, code);
}

export function referralCode(): string {
  return localStorage.getItem(REFERRAL_KEY) ?? '';
}
