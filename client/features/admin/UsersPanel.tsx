// The users table (roles, scope, state, last sign-in) with a form to create a user and one to edit the selected user.
import { useState } from 'react';
import { describeScope, type UserInfo } from '../../../schema/access.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { userStatus } from './adminFormat.js';
import type { UserActions } from './adminTypes.js';
import { EditUserForm } from './EditUserForm.js';
import { NewUserForm } from './NewUserForm.js';

export interface UsersPanelProps {
  users: readonly UserInfo[] | null;
  nowMs: number;
  /** The signed-in admin. */
  currentUsername: string;
  actions: UserActions;
  error?: string | null;
  initialSelected?: string | null;
  initialCreating?: boolean;
}

export function UsersPanel({ users, nowMs, currentUsername, actions, error = null, initialSelected = null, initialCreating = false }: UsersPanelProps) {
  const [selected, setSelected] = useState<string | null>(initialSelected);
  const [creating, setCreating] = useState(initialCreating);
  const editing = users?.find((u) => u.username === selected) ?? null;
  const open = (username: string) => { setCreating(false); setSelected(username); };

  return (
    <div className="admin-users">
      <section className="panel" aria-label="Users">
        <h2>Users {users ? `· ${users.length}` : ''} <button type="button" className="primary" onClick={() => { setSelected(null); setCreating(true); }}>New user</button></h2>
        {error && <p className="error" role="alert">{error}</p>}
        {!users ? <p className="muted">Loading users…</p> : (
          <table className="admin-table">
            <thead><tr><th>user</th><th>name</th><th>roles</th><th>scope</th><th>source</th><th>state</th><th>last sign-in</th><th>created</th></tr></thead>
            <tbody>
              {users.map((u) => {
                const st = userStatus(u, nowMs);
                return (
                  <tr key={u.username} aria-selected={u.username === selected} onClick={() => open(u.username)} data-testid={`user-row-${u.username}`}>
                    <td><button type="button" className="link" onClick={(e) => { e.stopPropagation(); open(u.username); }}>{u.username}</button>{u.username === currentUsername && <span className="muted"> (you)</span>}</td>
                    <td>{u.displayName}</td>
                    <td>{u.roles.length ? u.roles.join(', ') : <span className="tone-warn">none</span>}</td>
                    <td>{describeScope(u.scope)}</td>
                    <td>{u.source}</td>
                    <td className={`tone-${st.tone}`}>{st.text}</td>
                    <td>{u.lastLoginMs === null ? <span className="muted">never</span> : formatUtc(u.lastLoginMs)}</td>
                    <td>{formatUtc(u.createdAtMs)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {creating && (
        <NewUserForm onCancel={() => setCreating(false)} onCreate={async (u) => {
          const err = await actions.create(u);
          if (err === null) open(u.username);
          return err;
        }} />
      )}
      {editing && (
        // Keyed by user: choosing another user starts a fresh form from what the server holds.
        <EditUserForm key={editing.username} user={editing} self={editing.username === currentUsername} nowMs={nowMs} actions={actions} onClose={() => setSelected(null)} />
      )}
    </div>
  );
}
