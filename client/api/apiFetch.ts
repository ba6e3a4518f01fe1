// Every browser request to the OpsDeck API goes through here: same-origin cookies, and a 401 reported once as "session expired".
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

type ExpiryListener = () => void;
const expiryListeners = new Set<ExpiryListener>();

/** Called when any API answer says the session is gone (HTTP 401); the session layer returns to sign-in. */
export function onSessionExpired(listener: ExpiryListener): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

export function reportSessionExpired(): void {
  for (const l of [...expiryListeners]) l();
}

/**
 * `fetch` with the session cookie (same origin only) that reports a 401 as an expired session. The sign-in
 * and password routes pass `expiresOn401: false`: there a 401 means wrong credentials, not a lost session.
 */
export async function apiFetch(input: RequestInfo | URL, init: RequestInit = {}, o: { expiresOn401?: boolean } = {}): Promise<Response> {
  const res = await fetch(input, { ...init, credentials: 'same-origin' });
  if (res.status === 401 && o.expiresOn401 !== false) reportSessionExpired();
  return res;
}

/** The `{error}` text of a JSON error answer, or the status line when the body says nothing useful. */
export async function errorTextOf(res: Response): Promise<string> {
  const body = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch { /* not JSON */ }
  return body.slice(0, 200) || `HTTP ${res.status}`;
}

/** A message for an access refusal, or null when the error is something else. */
export function accessDeniedText(status: number, what: string): string | null {
  if (status === 401) return `${what}: your session has ended; sign in again`;
  if (status === 403) return `${what}: your role may not read this`;
  return null;
}
