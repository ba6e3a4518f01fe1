// Edits one user: display name, roles, scope, disabled; resets their password; lifts a sign-in lock (checked first, each
// problem said in the reader's language).
import { useState, type FormEvent } from 'react';
import type { Role, UserInfo } from '../../../schema/access.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { useRoleWords } from '../account/roleNames.js';
import { checkDisplayName, checkPassword, checkRolesAndScope, type FormProblem } from './adminChecks.js';
import { isLocked } from './adminFormat.js';
import { ADMIN_MESSAGES } from './adminMessages.js';
import type { UserActions } from './adminTypes.js';
import { RolePicker } from './RolePicker.js';
import { ScopePicker } from './ScopePicker.js';
import { draftOf, scopeOfDraft } from './scopeDraft.js';
import { TIME_MARK, TimeInText } from '../../ui/Time.js';

export interface EditUserFormProps {
  user: UserInfo;
  /** The signed-in admin editing their own account (warned before locking themselves out). */
  self: boolean;
  nowMs: number;
  actions: UserActions;
  onClose: () => void;
}

type Message = { ok: true; text: string } | { ok: false; text: string } | { ok: false; problem: FormProblem };

export function EditUserForm({ user, self, nowMs, actions, onClose }: EditUserFormProps) {
  const t = useMessages(ADMIN_MESSAGES);
  const roleWords = useRoleWords();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [scope, setScope] = useState(draftOf(user.scope));
  const [disabled, setDisabled] = useState(user.disabled);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);

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
    const problem = checkDisplayName(displayName) ?? checkRolesAndScope(roles, scope);
    if (problem) return setMessage({ ok: false, problem });
    const s = scopeOfDraft(scope);
    if (!s.ok) return;
    await run(() => actions.update({
      username: user.username, roles, scope: s.scope, disabled,
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
    }), t('saved'));
  };

  const resetPassword = async () => {
    const problem = checkPassword(password);
    if (problem) return setMessage({ ok: false, problem });
    if (await run(() => actions.resetPassword(user.username, password), t('passwordReset', { user: user.username }))) setPassword('');
  };

  const problem = message && !message.ok && 'problem' in message ? message.problem : null;
  const mark = (field: FormProblem['field']) => (problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'edit-user-message' } as const : {});
  const locksOut = self && (disabled || !roles.includes('admin'));
  return (
    <form className="panel user-form" onSubmit={(e) => void save(e)} aria-label={t('editUser', { user: user.username })} noValidate data-testid="edit-user-form">
      <h2>{user.username} <span className="muted">· {user.source === 'oidc' ? t('ssoAccount') : t('localAccount')} · {t('scopeOf', { scope: roleWords.scope(user.scope) })}</span></h2>
      <div className="form-row">
        <label>{t('displayName')}<input value={displayName} onChange={(e) => setDisplayName(e.target.value)} {...mark('displayName')} /></label>
        <label className="inline"><input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} /> {t('disabled')}</label>
      </div>
      <RolePicker value={roles} onChange={setRoles} invalid={problem?.field === 'roles'} />
      <ScopePicker value={scope} onChange={setScope} invalid={problem?.field === 'scope'} />
      {locksOut && <p className="tone-warn" role="alert">{t('selfLockout')}</p>}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>{t('save')}</button>
        <button type="button" onClick={onClose}>{t('close')}</button>
      </div>
      <div className="form-row secondary-actions">
        {user.source === 'local' && (
          <>
            <label>{t('newPassword')}<input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} {...mark('password')} /></label>
            <button type="button" disabled={busy || !password} onClick={() => void resetPassword()}>{t('resetPassword')}</button>
          </>
        )}
        {isLocked(user, nowMs) && (
          <button type="button" disabled={busy} onClick={() => void run(() => actions.unlock(user.username), t('unlocked', { user: user.username }))}>
            <TimeInText text={t('unlock', { time: TIME_MARK })} ms={user.lockedUntilMs} />
          </button>
        )}
      </div>
      {message && (
        <p className={message.ok ? 'tone-good' : 'error'} role={message.ok ? 'status' : 'alert'} id="edit-user-message" data-testid="edit-user-message">
          {'problem' in message ? t(message.problem.key, message.problem.params) : message.text}
        </p>
      )}
    </form>
  );
}
