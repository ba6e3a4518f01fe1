// The sign-in form: username and password, an optional single sign-on button, and clear reasons when sign-in is refused.
import { useEffect, useState, type FormEvent } from 'react';
import type { SignInFailure, SignInResult } from '../../api/authApi.js';
import { signInFailureText } from './signInMessages.js';
import './signin.css';

export interface SignInPageProps {
  onSignIn: (username: string, password: string) => Promise<SignInResult>;
  /** Single sign-on, when the server offers it: the button's label and where it navigates. */
  sso: { label: string; href: string } | null;
  /** Why the last single sign-on failed (from `#/signin?error=`). */
  ssoError?: string | null;
  /** A note above the form, e.g. that the session ended. */
  notice?: string | null;
  /** For stories: the page as it looks right after a refused sign-in. */
  initialFailure?: SignInFailure | null;
}

interface Refusal { failure: SignInFailure; retryAtMs: number | null }

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

export function SignInPage({ onSignIn, sso, ssoError = null, notice = null, initialFailure = null }: SignInPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(() => (initialFailure ? refusalOf(initialFailure) : null));
  const remainingSec = useSecondsUntil(refusal?.retryAtMs ?? null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
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

  return (
    <main className="signin">
      <form className="signin-card panel" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <div className="signin-brand">OpsDeck</div>
        <h1 id="signin-title">Sign in</h1>
        {notice && <p className="signin-notice" role="status">{notice}</p>}
        {ssoError && <p className="signin-error" role="alert">Single sign-on failed: {ssoError}</p>}
        <label htmlFor="signin-username">Username</label>
        <input id="signin-username" name="username" autoComplete="username" autoFocus required autoCapitalize="none" spellCheck={false}
          value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="signin-password">Password</label>
        <input id="signin-password" name="password" type="password" autoComplete="current-password" required
          value={password} onChange={(e) => setPassword(e.target.value)} />
        {refusal && (
          <p className="signin-error" role="alert" data-testid="signin-error" data-kind={refusal.failure.kind}>
            {signInFailureText(refusal.failure, remainingSec)}
          </p>
        )}
        <button type="submit" className="signin-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {sso && (
          <>
            <div className="signin-or"><span>or</span></div>
            {/* A link, not a button: a full page load to the identity provider (and "Sign in" stays one button by name). */}
            <a className="signin-sso" href={sso.href}>Sign in with {sso.label}</a>
          </>
        )}
      </form>
    </main>
  );
}
