import { reactive } from 'vue';
import { api, ApiError, type RequestOptions } from '../shared/http';

/**
 * The admin token lives in sessionStorage: it is a bearer credential, so it should die with the tab
 * (closing it signs out), stay out of other tabs, and never ride along automatically like a cookie
 * (no CSRF). localStorage would keep it on disk for weeks on a shared till computer.
 */
const TOKEN_KEY = 'cardshop.admin.token';
const ACCESS_KEY = 'cardshop.admin.access';

/** What the console can show: one probe per screen (or capability), read with the admin's own token. */
export const PROBES = {
  goods: '/admin/goods?limit=1',
  orders: '/admin/orders?limit=1',
  channels: '/admin/payments/channels',
  promotions: '/admin/promotions/activities?limit=1',
  experiments: '/admin/promotions/experiments',
  members: '/admin/members?limit=1',
  levels: '/admin/members/levels',
  referrals: '/admin/referrals/settings',
  commissions: '/admin/referrals/commissions?limit=1',
  withdrawals: '/admin/referrals/withdrawals?limit=1',
  support: '/admin/support/tickets?limit=1',
  deadLetters: '/admin/events/dead-letters?limit=1',
  audit: '/admin/audit-log?limit=1',
} as const;
export type Access = keyof typeof PROBES;

export const session = reactive({
  token: sessionStorage.getItem(TOKEN_KEY),
  access: JSON.parse(sessionStorage.getItem(ACCESS_KEY) ?? '[]') as Access[],
});

export function can(access: Access): boolean {
  return session.access.includes(access);
}

/**
 * The API has no "who am I": the roles are learnt the honest way, by asking each screen's list
 * endpoint once. 403 hides the screen; 401 means the token is wrong (nothing is kept).
 */
export async function signIn(token: string): Promise<void> {
  const results = await Promise.all(
    (Object.entries(PROBES) as Array<[Access, string]>).map(async ([access, path]) => {
      try {
        await api(path, { token });
        return access;
      } catch (error) {
        if (error instanceof ApiError && error.status === 403) return null;
        throw error;
      }
    }),
  );
  session.token = token;
  session.access = results.filter((a): a is Access => a !== null);
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(ACCESS_KEY, JSON.stringify(session.access));
}

export function signOut(): void {
  session.token = null;
  session.access = [];
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(ACCESS_KEY);
}

/** An admin API call with the session's token; a 401 (token revoked or expired) ends the session. */
export async function call<T>(path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await api<T>(path, { ...options, token: session.token });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signOut();
    throw error;
  }
}

/** `?a=1&b=2` from the set fields only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
