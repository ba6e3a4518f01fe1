// Creates a local user: name, display name, initial password, roles and data scope, checked against the server's rules first
// (each problem said in the reader's language, at its field).
import { useState, type FormEvent } from 'react';
import type { Role } from '../../../schema/access.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { checkNewUser, type FormProblem } from './adminChecks.js';
import { ADMIN_MESSAGES } from './adminMessages.js';
import type { ActionResult, NewUser } from './adminTypes.js';
import { RolePicker } from './RolePicker.js';
import { ScopePicker } from './ScopePicker.js';
import { draftOf, scopeOfDraft } from './scopeDraft.js';

export function NewUserForm({ onCreate, onCancel }: { onCreate: (u: NewUser) => ActionResult; onCancel: () => void }) {
  const t = useMessages(ADMIN_MESSAGES);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [scope, setScope] = useState(draftOf(null));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setServerError(null);
    const p = checkNewUser({ username, displayName, password, roles, scope });
    setProblem(p);
    if (p) return;
    const s = scopeOfDraft(scope);
    if (!s.ok) return;
    setBusy(true);
    const err = await onCreate({ username: username.trim(), displayName: displayName.trim(), password, roles, scope: s.scope });
    setBusy(false);
    setServerError(err);
  };

  const mark = (field: FormProblem['field']) => (problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'new-user-problem' } as const : {});
  return (
    <form className="panel user-form" onSubmit={(e) => void submit(e)} aria-label={t('newUser')} noValidate data-testid="new-user-form">
      <h2>{t('newUser')}</h2>
      <div className="form-row">
        <label>{t('username')}<input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} title={t('usernameHint')} data-testid="new-username" {...mark('username')} /></label>
        <label>{t('displayName')}<input value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" {...mark('displayName')} /></label>
        <label>{t('initialPassword')}<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" title={t('passwordHint')} data-testid="new-password" {...mark('password')} /></label>
      </div>
      <RolePicker value={roles} onChange={setRoles} invalid={problem?.field === 'roles'} />
      <ScopePicker value={scope} onChange={setScope} invalid={problem?.field === 'scope'} />
      {problem && <p className="error" role="alert" id="new-user-problem" data-testid="form-problem">{t(problem.key, problem.params)}</p>}
      {serverError && <p className="error" role="alert">{serverError}</p>}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('creating') : t('create')}</button>
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}
