// Signing the bench's clients in: each bench server starts with a random admin password (OPSDECK_ADMIN_PASSWORD);
// one API sign-in per server gives the session cookie the WebSocket client sends and every fresh Chromium context
// carries (the sign-in route is rate limited, and a fresh context per measurement keeps the HTTP cache cold).
import { randomBytes } from 'node:crypto';
import { AUTH_PATHS, SESSION_COOKIE, type SessionInfo } from '../schema/access.js';

export interface BenchSession {
  /** `Cookie` header value for Node clients (the live WebSocket). */
  cookieHeader: string;
  csrfToken: string | null;
  /** Playwright storage state holding the same HttpOnly session cookie, for `browser.newContext({ storageState })`. */
  storageState: {
    cookies: { name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: 'Strict' }[];
    origins: never[];
  };
}

export function randomAdminPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Password sign-in through `POST /auth/login`, as the sign-in page does. */
export async function signInWithPassword(base: string, username: string, password: string): Promise<BenchSession> {
  const res = await fetch(base + AUTH_PATHS.login, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username} failed: HTTP ${res.status} ${await res.text()}`);
  const info = (await res.json()) as SessionInfo;
  const m = new RegExp(`(?:^|[;,]\\s*)${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error(`sign-in as ${username}: no ${SESSION_COOKIE} cookie in the answer`);
  const value = m[1]!;
  return {
    cookieHeader: `${SESSION_COOKIE}=${value}`,
    csrfToken: info.csrfToken,
    storageState: {
      cookies: [{ name: SESSION_COOKIE, value, domain: new URL(base).hostname, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' }],
      origins: [],
    },
  };
}
