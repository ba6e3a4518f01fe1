// Where single sign-on sends the browser back to: a page of this app after success, the sign-in page with a message after failure.

const HASH_PATH_RE = /^#\/[A-Za-z0-9\-._~/?=&%+]*$/;
const MAX_RETURN_TO = 256;

/**
 * The `returnTo` of a sign-in as a hash route of this app (`#/noc`), else '' (the app's start page). Anything else,
 * such as an absolute or protocol-relative URL, is dropped: the callback never redirects off this app.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > MAX_RETURN_TO || !HASH_PATH_RE.test(raw)) return '';
  // Coming back to the sign-in page would only show it again.
  return raw.startsWith('#/signin') ? '' : raw;
}

/** The app's page after a successful sign-in. */
export function appLocation(returnTo: string): string {
  return `/${safeReturnTo(returnTo)}`;
}

/** The sign-in page showing why single sign-on failed (the client reads `error` from the hash). */
export function signInErrorLocation(message: string): string {
  return `/#/signin?error=${encodeURIComponent(message.slice(0, 300))}`;
}
