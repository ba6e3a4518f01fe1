// The users table (roles, scope, state, last sign-in) with a form to create a user and one to edit the selected user;
// loading, error and stale states; which user is open (or the new-user form) can live in the URL.
import { useState } from 'react';
import type { UserInfo } from '../../../schema/access.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { TIME_MARK, Time, TimeInText } from '../../ui/Time.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import { useRoleWords } from '../account/roleNames.js';
import { userStatus } from './adminFormat.js';
import { ADMIN_MESSAGES } from './adminMessages.js';
import type { UserActions } from './adminTypes.js';
import { EditUserForm } from './EditUserForm.js';
import { NewUserForm } from './NewUserForm.js';

export interface UsersNavigation { selected: string | null; creating: boolean }

export interface UsersPanelProps {
  users: Loadable<readonly UserInfo[]>;
  onRetry?: () => void;
  nowMs: number;
  /** The signed-in admin. */
  currentUsername: string;
  actions: UserActions;
  /** The user open for editing and whether the new-user form is open (from the URL); local state when `onNavigate` is absent. */
  selected?: string | null;
  creating?: boolean;
  onNavigate?: (n: UsersNavigation) => void;
}

export function UsersPanel({ users, onRetry, nowMs, currentUsername, actions, selected: selectedProp = null, creating: creatingProp = false, onNavigate }: UsersPanelProps) {
  const t = useMessages(ADMIN_MESSAGES);
  const roles = useRoleWords();
  const [local, setLocal] = useState<UsersNavigation>({ selected: selectedProp, creating: creatingProp });
  const nav = onNavigate ? { selected: selectedProp, creating: creatingProp } : local;
  const go = onNavigate ?? setLocal;
  const list = users.kind === 'ready' ? users.value : null;
  const editing = list?.find((u) => u.username === nav.selected) ?? null;
  const open = (username: string) => go({ selected: username, creating: false });

  return (
    <div className="admin-users">
      <section className="panel" aria-labelledby="users-title" data-testid="users-panel">
        <h2 id="users-title">{t('users')} {list && <span className="muted">· {t('usersCount', { n: list.length })}</span>}
          <button type="button" className="primary" onClick={() => go({ selected: null, creating: true })} data-testid="new-user">{t('newUser')}</button>
          {users.kind === 'ready' && <AsOf ms={users.asOfMs} />}
        </h2>
        <Loaded state={users} what={t('usersWhat')} onRetry={onRetry}>
          {(rows) => (
            <table className="admin-table">
              <thead><tr>
                <th scope="col">{t('col.user')}</th><th scope="col">{t('col.name')}</th><th scope="col">{t('col.roles')}</th><th scope="col">{t('col.scope')}</th>
                <th scope="col">{t('col.source')}</th><th scope="col">{t('col.state')}</th><th scope="col">{t('col.lastSignIn')}</th><th scope="col">{t('col.created')}</th>
              </tr></thead>
              <tbody>
                {rows.map((u) => {
                  const st = userStatus(u, nowMs);
                  return (
                    <tr key={u.username} aria-selected={u.username === nav.selected} onClick={() => open(u.username)} data-testid={`user-row-${u.username}`}>
                      <td><button type="button" className="link" onClick={(e) => { e.stopPropagation(); open(u.username); }}>{u.username}</button>{u.username === currentUsername && <span className="muted"> {t('you')}</span>}</td>
                      <td>{u.displayName}</td>
                      <td>{u.roles.length ? roles.list(u.roles) : <span className="tone-warn">{t('noRoles')}</span>}</td>
                      <td>{roles.scope(u.scope)}</td>
                      <td>{t(`source.${u.source}`)}</td>
                      <td className={`tone-${st.tone}`}>{st.state === 'locked' ? <TimeInText text={t('state.lockedUntil', { time: TIME_MARK })} ms={st.untilMs} /> : t(`state.${st.state}`)}</td>
                      <td>{u.lastLoginMs === null ? <span className="muted">{t('never')}</span> : <Time ms={u.lastLoginMs} />}</td>
                      <td><Time ms={u.createdAtMs} /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
      {nav.creating && (
        <NewUserForm onCancel={() => go({ selected: null, creating: false })} onCreate={async (u) => {
          const err = await actions.create(u);
          if (err === null) open(u.username);
          return err;
        }} />
      )}
      {editing && (
        // Keyed by user: choosing another user starts a fresh form from what the server holds.
        <EditUserForm key={editing.username} user={editing} self={editing.username === currentUsername} nowMs={nowMs} actions={actions}
          onClose={() => go({ selected: null, creating: false })} />
      )}
    </div>
  );
}
