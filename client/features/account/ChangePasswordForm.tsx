// A local user's own password change: current password, the new one twice, checked against the server's password rule
// first, each problem said at its field.
import { useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n/I18nProvider.js';
import { ACCOUNT_MESSAGES } from './accountMessages.js';
import { checkPasswordChange, type PasswordProblem } from './passwordCheck.js';

export interface ChangePasswordFormProps {
  /** Whose password it is: lets the browser's password manager file the new password under the right account. */
  username: string;
  /** Returns an error message, or null once the server changed the password. */
  onChangePassword: (currentPassword: string, newPassword: string) => Promise<string | null>;
}

export function ChangePasswordForm({ username, onChangePassword }: ChangePasswordFormProps) {
  const t = useMessages(ACCOUNT_MESSAGES);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<PasswordProblem | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const problemText = (p: PasswordProblem) => (p.code === 'too-short' ? t('passwordTooShort', { n: p.length }) : t(p.code === 'too-long' ? 'passwordTooLong'
    : p.code === 'differ' ? 'passwordsDiffer' : p.code === 'unchanged' ? 'passwordUnchanged' : 'currentMissing'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = checkPasswordChange(current, next, repeat);
    setProblem(p);
    setResult(null);
    if (p) return;
    setBusy(true);
    try {
      const err = await onChangePassword(current, next);
      setResult(err === null ? { ok: true, text: t('changed') } : { ok: false, text: err });
      if (err === null) { setCurrent(''); setNext(''); setRepeat(''); }
    } catch (e2) {
      setResult({ ok: false, text: e2 instanceof Error ? e2.message : String(e2) });
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: PasswordProblem['field']) => (problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': `pw-problem-${username}` } as const : {});
  return (
    <form className="change-password" onSubmit={(e) => void submit(e)} aria-label={t('changePassword')} noValidate>
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <label>{t('currentPassword')}<input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} {...invalid('current')} /></label>
      <label>{t('newPassword')}<input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} {...invalid('next')} /></label>
      <label>{t('repeatPassword')}<input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} {...invalid('repeat')} /></label>
      <p className="muted small">{t('passwordRule')}</p>
      {problem && <p className="error" role="alert" id={`pw-problem-${username}`} data-testid="password-problem">{problemText(problem)}</p>}
      {result && <p className={result.ok ? 'tone-good' : 'error'} role={result.ok ? 'status' : 'alert'}>{result.text}</p>}
      <button type="submit" disabled={busy}>{busy ? t('changing') : t('changePassword')}</button>
    </form>
  );
}
