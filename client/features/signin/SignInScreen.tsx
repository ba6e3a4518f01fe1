// The sign-in page as the session gate shows it: offers SSO when the server has it, and reads an SSO failure from the URL.
import { useEffect, useState } from 'react';
import { fetchOidcConfig, oidcLoginHref, type OidcConfig, type SignInResult } from '../../api/authApi.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { SignInPage } from './SignInPage.js';
import { SIGNIN_MESSAGES } from './signInMessages.js';
import { returnToHash, ssoErrorOf } from './signInRoute.js';

export function SignInScreen({ onSignIn, expired }: { onSignIn: (username: string, password: string) => Promise<SignInResult>; expired: boolean }) {
  const t = useMessages(SIGNIN_MESSAGES);
  const [sso, setSso] = useState<OidcConfig | null>(null);
  useEffect(() => {
    let cancelled = false;
    void fetchOidcConfig().then((c) => { if (!cancelled) setSso(c); });
    return () => { cancelled = true; };
  }, []);
  // Each view its own tab title (the shell sets the pages' once signed in).
  const title = `${t('title')} · OpsDeck`;
  useEffect(() => { document.title = title; }, [title]);
  const hash = window.location.hash;
  return (
    <SignInPage
      onSignIn={onSignIn}
      sso={sso?.enabled ? { label: sso.label, href: oidcLoginHref(returnToHash(hash)) } : null}
      ssoError={ssoErrorOf(hash)}
      expired={expired}
    />
  );
}
