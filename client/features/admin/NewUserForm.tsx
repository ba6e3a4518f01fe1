// Creates a local user: name, display name, initial password, roles and data scope, checked against the server's rules first.
import { useState, type FormEvent } from 'react';
import { passwordSchema, usernameSchema, type Role } from '../../../schema/access.js';
import type { ActionResult, NewUser } from './adminTypes.js';
import { RolePicker } from './RolePicker.js';
import { ScopePicker } from './ScopePicker.js';
import { draftOf, scopeOfDraft } from './scopeDraft.js';

export function NewUserForm({ onCreate, onCancel }: { onCreate: (u: NewUser) => ActionResult; onCancel: () => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [scope, setScope] = useState(draftOf(null));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = usernameSchema.safeParse(username);
    if (!name.success) return setError(`Username: ${name.error.issues[0]?.message ?? 'not accepted'}`);
    const pw = passwordSchema.safeParse(password);
    if (!pw.success) return setError(`Password: ${pw.error.issues[0]?.message ?? 'not accepted'}`);
    if (roles.length === 0) return setError('Pick at least one role.');
    const s = scopeOfDraft(scope);
    if (!s.ok) return setError(s.error);
    setBusy(true);
    const err = await onCreate({ username: name.data, displayName: displayName.trim(), password, roles, scope: s.scope });
    setBusy(false);
    setError(err);
  };

  return (
    <form className="panel user-form" onSubmit={(e) => void submit(e)} aria-label="New user">
      <h2>New user</h2>
      <div className="form-row">
        <label>Username<input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} required /></label>
        <label>Display name<input value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" /></label>
        <label>Initial password<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required minLength={12} /></label>
      </div>
      <RolePicker value={roles} onChange={setRoles} />
      <ScopePicker value={scope} onChange={setScope} />
      {error && <p className="error" role="alert">{error}</p>}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Creating…' : 'Create user'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
