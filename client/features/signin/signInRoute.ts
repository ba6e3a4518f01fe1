// The sign-in route's URL parts: `#/signin?error=` from a failed single sign-on, and the page to return to after SSO.
export const SIGN_IN_HASH = '#/signin';

/** The `error` parameter of `#/signin?error=...`, where the server sends a failed single sign-on. */
export function ssoErrorOf(hash: string): string | null {
  if (!hash.startsWith(SIGN_IN_HASH)) return null;
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get('error');
}

/** The page to come back to after SSO: the current one, unless it is the sign-in route itself. */
export function returnToHash(hash: string): string {
  return hash.startsWith(SIGN_IN_HASH) ? '' : hash;
}
