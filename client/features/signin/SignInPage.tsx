// The sign-in form: a language switch (it renders before sign-in, so the choice is remembered for the app), username and
// password, an optional single sign-on button, and clear reasons when sign-in is refused.
import { useEffect, useState, type FormEvent } from 'react';
import type { SignInFailure, SignInResult } from '../../api/authApi.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { isLocale, LOCALE_NAMES, LOCALES } from '../../i18n/locale.js';
import { SIGNIN_MESSAGES, signInFailureText } from './signInMessages.js';
import './signin.css';

export interface SignInPageProps {
  onSignIn: (username: string, password: string) => Promise<SignInResult>;
  /** Single sign-on, when the server offers it: the button's label and where it navigates. */
  sso: { label: string; href: string } | null;
  /** Why the last single sign-on failed (from `#/signin?error=`). */
  ssoError?: string | null;
  /** The session ended: say so above the form. */
  expired?: boolean;
  /** For stories: the page as it looks right after a refused sign-in. */
  initialFailure?: SignInFailure | null;
}

interface Refusal { failure: SignInFailure; retryAtMs: number | null }
type Missing = 'username' | 'password' | null;

function refusalOf(f: SignInFailure): Refusal {
  const retryAfterSec = 'retryAfterSec' in f ? f.retryAfterSec : null;
  return { failure: f, retryAtMs: retryAfterSec === null ? null : Date.now() + retryAfterSec * 1000 };
}

/** Seconds left until `untilMs`, ticking once a second; null when there is nothing to wait for. */
function useSecondsUntil(untilMs: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (untilMs === null) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [untilMs]);
  return untilMs === null ? null : Math.max(0, Math.ceil((untilMs - now) / 1000));
}

function LanguageSwitch() {
  const { locale, setLocale } = useI18n();
  const t = useMessages(SIGNIN_MESSAGES);
  return (
    <label className="signin-language">
      <select value={locale} onChange={(e) => { if (isLocale(e.target.value)) setLocale(e.target.value); }} aria-label={t('language')} data-testid="signin-locale">
        {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
      </select>
    </label>
  );
}

export function SignInPage({ onSignIn, sso, ssoError = null, expired = false, initialFailure = null }: SignInPageProps) {
  const { locale } = useI18n();
  const t = useMessages(SIGNIN_MESSAGES);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<Missing>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(() => (initialFailure ? refusalOf(initialFailure) : null));
  const remainingSec = useSecondsUntil(refusal?.retryAtMs ?? null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const gap: Missing = !username.trim() ? 'username' : !password ? 'password' : null;
    setMissing(gap);
    if (gap) return;
    setBusy(true);
    try {
      const r = await onSignIn(username.trim(), password);
      if (!r.ok) {
        setRefusal(refusalOf(r.failure));
        setPassword('');
      }
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: Exclude<Missing, null>) => (missing === field ? { 'aria-invalid': true, 'aria-describedby': 'signin-missing' } as const : {});
  return (
    <main className="signin">
      <form className="signin-card panel" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title" noValidate data-testid="signin-page">
        <div className="signin-head">
          <div className="signin-brand">OpsDeck</div>
          <LanguageSwitch />
        </div>
        <p className="signin-tagline">{t('tagline')}</p>
        <h1 id="signin-title">{t('title')}</h1>
        {expired && <p className="signin-notice" role="status">{t('expired')}</p>}
        {ssoError && <p className="signin-error" role="alert">{t('ssoFailed', { error: ssoError })}</p>}
        <label htmlFor="signin-username">{t('username')}</label>
        <input id="signin-username" name="username" autoComplete="username" autoFocus autoCapitalize="none" spellCheck={false}
          value={username} onChange={(e) => setUsername(e.target.value)} {...invalid('username')} />
        <label htmlFor="signin-password">{t('password')}</label>
        <input id="signin-password" name="password" type="password" autoComplete="current-password"
          value={password} onChange={(e) => setPassword(e.target.value)} {...invalid('password')} />
        {missing && <p className="signin-error" role="alert" id="signin-missing" data-testid="signin-missing">{t(missing === 'username' ? 'missingUsername' : 'missingPassword')}</p>}
        {refusal && (
          <p className="signin-error" role="alert" data-testid="signin-error" data-kind={refusal.failure.kind}>
            {signInFailureText(refusal.failure, remainingSec, locale)}
          </p>
        )}
        <button type="submit" className="signin-submit" disabled={busy}>
          {busy ? t('signingIn') : t('submit')}
        </button>
        {sso && (
          <>
            <div className="signin-or"><span>{t('or')}</span></div>
            {/* A link, not a button: a full page load to the identity provider (and "Sign in" stays one button by name). */}
            <a className="signin-sso" href={sso.href}>{t('sso', { label: sso.label })}</a>
          </>
        )}
      </form>
    </main>
  );
}
