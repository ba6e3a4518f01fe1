// The sign-in page as the session gate shows it: offers SSO when the server has it, and reads an SSO failure from the URL.
import { useEffect, useState } from 'react';
import { fetchOidcConfig, oidcLoginHref, type OidcConfig, type SignInResult } from '../../api/authApi.js';
import { SignInPage } from './SignInPage.js';
import { returnToHash, ssoErrorOf } from './signInRoute.js';

export function SignInScreen({ onSignIn, expired }: { onSignIn: (username: string, password: string) => Promise<SignInResult>; expired: boolean }) {
  const [sso, setSso] = useState<OidcConfig | null>(null);
  useEffect(() => {
    let cancelled = false;
    void fetchOidcConfig().then((c) => { if (!cancelled) setSso(c); });
    return () => { cancelled = true; };
  }, []);
  const hash = window.location.hash;
  return (
    <SignInPage
      onSignIn={onSignIn}
      sso={sso?.enabled ? { label: sso.label, href: oidcLoginHref(returnToHash(hash)) } : null}
      ssoError={ssoErrorOf(hash)}
      notice={expired ? 'Your session has ended. Sign in again to continue where you were.' : null}
    />
  );
}
