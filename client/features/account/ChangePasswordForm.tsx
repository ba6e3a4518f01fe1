// A local user's own password change: current password, the new one twice, checked against the server's password rule first.
import { useState, type FormEvent } from 'react';
import { passwordSchema } from '../../../schema/access.js';

export interface ChangePasswordFormProps {
  /** Whose password it is: lets the browser's password manager file the new password under the right account. */
  username: string;
  /** Returns an error message, or null once the server changed the password. */
  onChangePassword: (currentPassword: string, newPassword: string) => Promise<string | null>;
}

export function ChangePasswordForm({ username, onChangePassword }: ChangePasswordFormProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const rule = passwordSchema.safeParse(next);
    if (!rule.success) { setResult({ ok: false, text: `New password: ${rule.error.issues[0]?.message ?? 'not accepted'}` }); return; }
    if (next !== repeat) { setResult({ ok: false, text: 'The two new passwords differ.' }); return; }
    if (next === current) { setResult({ ok: false, text: 'The new password is the current one.' }); return; }
    setBusy(true);
    setResult(null);
    try {
      const err = await onChangePassword(current, next);
      setResult(err === null ? { ok: true, text: 'Password changed.' } : { ok: false, text: err });
      if (err === null) { setCurrent(''); setNext(''); setRepeat(''); }
    } catch (e2) {
      setResult({ ok: false, text: e2 instanceof Error ? e2.message : String(e2) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="change-password" onSubmit={(e) => void submit(e)} aria-label="Change password">
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <label>Current password<input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} /></label>
      <label>New password<input type="password" autoComplete="new-password" required minLength={12} value={next} onChange={(e) => setNext(e.target.value)} /></label>
      <label>Repeat new password<input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} /></label>
      <p className="muted small">At least 12 characters.</p>
      {result && <p className={result.ok ? 'tone-good' : 'error'} role={result.ok ? 'status' : 'alert'}>{result.text}</p>}
      <button type="submit" disabled={busy}>{busy ? 'Changing…' : 'Change password'}</button>
    </form>
  );
}
