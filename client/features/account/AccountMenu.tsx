// The signed-in user in the navigation bar: name, roles and data scope, sign-out, and (for local accounts) a password change.
import { describeScope, type SessionInfo } from '../../../schema/access.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import './account.css';

export interface AccountMenuProps {
  session: Pick<SessionInfo, 'username' | 'displayName' | 'roles' | 'scope' | 'method'>;
  onSignOut: () => void;
  onChangePassword: (currentPassword: string, newPassword: string) => Promise<string | null>;
}

export function AccountMenu({ session, onSignOut, onChangePassword }: AccountMenuProps) {
  const roles = session.roles.length ? session.roles.join(', ') : 'no role';
  return (
    <div className="account" data-testid="account">
      <span className="account-name" title={`signed in as ${session.username} (${session.method})`}>{session.displayName || session.username}</span>
      <span className="pill account-roles" title="roles">{roles}</span>
      <span className="account-scope muted" title="data scope">{describeScope(session.scope)}</span>
      {session.method === 'password' && (
        <details className="account-password">
          <summary>Change password</summary>
          <div className="account-popover panel"><ChangePasswordForm username={session.username} onChangePassword={onChangePassword} /></div>
        </details>
      )}
      <button type="button" className="account-signout" onClick={onSignOut}>Sign out</button>
    </div>
  );
}
