import { reactive } from 'vue';
import { api, ApiError, type RequestOptions } from '../shared/http';

interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}

interface SignedIn extends Tokens {
  member: { id: string; email: string; displayName: string | null };
}

/*
 * Where the sign-in lives: sessionStorage, i.e. this tab only, gone when the tab closes, never sent
 * to the server by the browser on its own (no cookie, so no CSRF), and not shared with other tabs or
 * kept on disk across restarts the way localStorage is. A reload keeps the buyer signed in. Scripts
 * on the page could read it, which is why the page runs only its own bundled scripts (the server's
 * CSP has no 'unsafe-inline' for scripts) and never renders HTML from the API.
 */
const STORAGE_KEY = 'cardshop.member-session';

function load(): (Tokens & { email: string }) | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Tokens & { email: string }) : null;
  } catch {
    return null;
  }
}

const stored = load();

export const session = reactive({
  tokens: stored as (Tokens & { email: string }) | null,
  get signedIn(): boolean {
    return this.tokens !== null;
  },
  get email(): string | null {
    return this.tokens?.email ?? null;
  },
});

function keep(tokens: Tokens, email: string): void {
  session.tokens = { accessToken: tokens.accessToken, accessTokenExpiresAt: tokens.accessTokenExpiresAt, refreshToken: tokens.refreshToken, email };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session.tokens));
}

function forget(): void {
  session.tokens = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

export async function signIn(email: string, password: string): Promise<void> {
  const answer = await api<SignedIn>('/api/members/sign-in', { body: { email, password } });
  keep(answer, answer.member.email);
}

export async function register(input: { email: string; password: string; displayName?: string; referralCode?: string }): Promise<void> {
  const answer = await api<SignedIn>('/api/members/register', { body: input });
  keep(answer, answer.member.email);
}

export async function signOut(): Promise<void> {
  const refreshToken = session.tokens?.refreshToken;
  forget();
  // Ends the sign-in on the server too (always 204); the access token lapses within minutes.
  if (refreshToken) await api('/api/members/sign-out', { body: { refreshToken } }).catch(() => undefined);
}

/*
 * A refresh token works once, and presenting a spent one revokes the whole sign-in (theft
 * detection). Two parallel refreshes would do exactly that, so every caller shares one.
 */
let refreshing: Promise<void> | null = null;

function refresh(): Promise<void> {
  refreshing ??= (async () => {
    const current = session.tokens;
    if (!current) throw new ApiError(401, 'signed_out', 'Signed out');
    try {
      keep(await api<Tokens>('/api/members/refresh', { body: { refreshToken: current.refreshToken } }), current.email);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) forget();
      throw error;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const expiresSoon = (tokens: Tokens) => Date.parse(tokens.accessTokenExpiresAt) - Date.now() < 30_000;

/** Calls the API as the signed-in member, refreshing the access token when it is (about to be) stale. */
export async function memberApi<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if (!session.tokens) throw new ApiError(401, 'signed_out', 'Signed out');
  if (expiresSoon(session.tokens)) await refresh();
  try {
    return await api<T>(path, { ...options, token: session.tokens?.accessToken });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !session.tokens) throw error;
    await refresh();
    return api<T>(path, { ...options, token: session.tokens?.accessToken });
  }
}
