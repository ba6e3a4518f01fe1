// The identity routes of schema/access.ts AUTH_PATHS as typed browser calls (sign-in, sign-out, who am I, password, SSO).
import { AUTH_PATHS, CSRF_HEADER, type SessionInfo } from '../../schema/access.js';
import { apiFetch, errorTextOf } from './apiFetch.js';

export type SignInFailure =
  | { kind: 'bad-credentials'; message: string }
  | { kind: 'locked' | 'rate-limited'; message: string; retryAfterSec: number | null }
  | { kind: 'invalid' | 'unavailable'; message: string };
export type SignInResult = { ok: true; session: SessionInfo } | { ok: false; failure: SignInFailure };

export interface OidcConfig { enabled: boolean; label: string }

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The current session, or null when not signed in (401). Other failures throw. */
export async function fetchSession(): Promise<SessionInfo | null> {
  const res = await apiFetch(AUTH_PATHS.me, { headers: { accept: 'application/json' } }, { expiresOn401: false });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`${AUTH_PATHS.me}: ${await errorTextOf(res)}`);
  return (await res.json()) as SessionInfo;
}

export async function signIn(username: string, password: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await apiFetch(AUTH_PATHS.login, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ username, password }) }, { expiresOn401: false });
  } catch (e) {
    return { ok: false, failure: { kind: 'unavailable', message: `The server did not answer (${e instanceof Error ? e.message : String(e)}).` } };
  }
  if (res.ok) return { ok: true, session: (await res.json()) as SessionInfo };
  if (res.status === 429) {
    const body = (await res.json().catch(() => ({}))) as { error?: string; retryAfterSec?: number };
    const header = Number(res.headers.get('retry-after'));
    const retryAfterSec = typeof body.retryAfterSec === 'number' ? body.retryAfterSec : Number.isFinite(header) && header > 0 ? header : null;
    const message = body.error ?? 'Too many sign-in attempts';
    return { ok: false, failure: { kind: /lock/i.test(message) ? 'locked' : 'rate-limited', message, retryAfterSec } };
  }
  const message = await errorTextOf(res);
  if (res.status === 401) return { ok: false, failure: { kind: 'bad-credentials', message } };
  if (res.status === 400) return { ok: false, failure: { kind: 'invalid', message } };
  return { ok: false, failure: { kind: 'unavailable', message: `Sign-in failed: ${message}` } };
}

export async function signOut(csrfToken: string | null): Promise<void> {
  await apiFetch(AUTH_PATHS.logout, { method: 'POST', headers: csrfToken ? { [CSRF_HEADER]: csrfToken } : {} }, { expiresOn401: false });
}

/** Changes the signed-in local user's password; returns an error message, or null on success. */
export async function changePassword(csrfToken: string | null, currentPassword: string, newPassword: string): Promise<string | null> {
  const res = await apiFetch(AUTH_PATHS.password, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...(csrfToken ? { [CSRF_HEADER]: csrfToken } : {}) },
    body: JSON.stringify({ currentPassword, newPassword }),
  }, { expiresOn401: false });
  if (res.ok) return null;
  const text = await errorTextOf(res);
  return res.status === 401 ? `Current password not accepted: ${text}` : text;
}

/** Whether single sign-on is offered; a server without it (or an older one) counts as disabled. */
export async function fetchOidcConfig(): Promise<OidcConfig> {
  try {
    const res = await apiFetch(AUTH_PATHS.oidcConfig, {}, { expiresOn401: false });
    if (!res.ok) return { enabled: false, label: '' };
    const body = (await res.json()) as Partial<OidcConfig>;
    return { enabled: body.enabled === true, label: typeof body.label === 'string' ? body.label : 'SSO' };
  } catch {
    return { enabled: false, label: '' };
  }
}

/** Where the SSO button navigates (a full page load): the server sends the browser back to `/` + `returnTo`. */
export function oidcLoginHref(returnToHash: string): string {
  return `${AUTH_PATHS.oidcLogin}?returnTo=${encodeURIComponent(returnToHash)}`;
}
