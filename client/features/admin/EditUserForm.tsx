// Edits one user: display name, roles, scope, disabled; resets their password; lifts a sign-in lock.
import { useState, type FormEvent } from 'react';
import { describeScope, passwordSchema, type Role, type UserInfo } from '../../../schema/access.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { isLocked } from './adminFormat.js';
import type { UserActions } from './adminTypes.js';
import { RolePicker } from './RolePicker.js';
import { ScopePicker } from './ScopePicker.js';
import { draftOf, scopeOfDraft } from './scopeDraft.js';

export interface EditUserFormProps {
  user: UserInfo;
  /** The signed-in admin editing their own account (warned before locking themselves out). */
  self: boolean;
  nowMs: number;
  actions: UserActions;
  onClose: () => void;
}

export function EditUserForm({ user, self, nowMs, actions, onClose }: EditUserFormProps) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [scope, setScope] = useState(draftOf(user.scope));
  const [disabled, setDisabled] = useState(user.disabled);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (fn: () => Promise<string | null>, done: string) => {
    setBusy(true);
    setMessage(null);
    const err = await fn();
    setBusy(false);
    setMessage(err === null ? { ok: true, text: done } : { ok: false, text: err });
    return err === null;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const s = scopeOfDraft(scope);
    if (!s.ok) return setMessage({ ok: false, text: s.error });
    await run(() => actions.update({
      username: user.username, roles, scope: s.scope, disabled,
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
    }), 'Saved.');
  };

  const resetPassword = async () => {
    const pw = passwordSchema.safeParse(password);
    if (!pw.success) return setMessage({ ok: false, text: `New password: ${pw.error.issues[0]?.message ?? 'not accepted'}` });
    if (await run(() => actions.resetPassword(user.username, password), `Password of ${user.username} reset.`)) setPassword('');
  };

  const locksOut = self && (disabled || !roles.includes('admin'));
  return (
    <form className="panel user-form" onSubmit={(e) => void save(e)} aria-label={`Edit user ${user.username}`}>
      <h2>{user.username} <span className="muted">· {user.source === 'oidc' ? 'single sign-on account' : 'local account'} · scope {describeScope(user.scope)}</span></h2>
      <div className="form-row">
        <label>Display name<input value={displayName} onChange={(e) => setDisplayName(e.target.value)} /></label>
        <label className="inline"><input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} /> Disabled (cannot sign in; tokens stop working)</label>
      </div>
      <RolePicker value={roles} onChange={setRoles} />
      <ScopePicker value={scope} onChange={setScope} />
      {locksOut && <p className="tone-warn" role="alert">This is your own account: saving removes your own administration rights.</p>}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>Save changes</button>
        <button type="button" onClick={onClose}>Close</button>
      </div>
      <div className="form-row secondary-actions">
        {user.source === 'local' && (
          <>
            <label>New password<input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
            <button type="button" disabled={busy || !password} onClick={() => void resetPassword()}>Reset password</button>
          </>
        )}
        {isLocked(user, nowMs) && (
          <button type="button" disabled={busy} onClick={() => void run(() => actions.unlock(user.username), `${user.username} unlocked.`)}>
            Unlock (locked until {formatUtc(user.lockedUntilMs)})
          </button>
        )}
      </div>
      {message && <p className={message.ok ? 'tone-good' : 'error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </form>
  );
}
