// The signed-in user in the navigation bar: a compact menu (name and roles) opening to the data scope, a password change
// (local accounts) and sign-out; roles and scope in the reader's language.
import { useEffect, useRef } from 'react';
import type { SessionInfo } from '../../../schema/access.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { ACCOUNT_MESSAGES } from './accountMessages.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { useRoleWords } from './roleNames.js';
import './account.css';

export interface AccountMenuProps {
  session: Pick<SessionInfo, 'username' | 'displayName' | 'roles' | 'scope' | 'method'>;
  onSignOut: () => void;
  onChangePassword: (currentPassword: string, newPassword: string) => Promise<string | null>;
}

export function AccountMenu({ session, onSignOut, onChangePassword }: AccountMenuProps) {
  const t = useMessages(ACCOUNT_MESSAGES);
  const roles = useRoleWords();
  const roleList = roles.list(session.roles);
  const scope = roles.scope(session.scope);
  const menu = useRef<HTMLDetailsElement>(null);
  // A menu closes when the user clicks elsewhere or presses Escape, as menus do.
  useEffect(() => {
    const close = (e: Event) => {
      const el = menu.current;
      if (!el?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !el.contains(e.target as Node)) el.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => { document.removeEventListener('pointerdown', close); document.removeEventListener('keydown', close); };
  }, []);
  return (
    <div className="account" data-testid="account">
      <details className="account-menu" ref={menu}>
        <summary title={t('signedInAs', { user: session.username, method: t(`method.${session.method}`) })}>
          <span className="account-name">{session.displayName || session.username}</span>
          <span className="pill account-roles" data-testid="account-roles" data-roles={session.roles.join(',')}>{roleList}</span>
        </summary>
        <div className="account-popover panel">
          <dl className="account-facts">
            <div><dt>{t('roles')}</dt><dd>{roleList}</dd></div>
            <div><dt>{t('scope')}</dt><dd data-testid="account-scope">{scope}</dd></div>
          </dl>
          {session.method === 'password' && (
            <details className="account-password">
              <summary>{t('changePassword')}</summary>
              <ChangePasswordForm username={session.username} onChangePassword={onChangePassword} />
            </details>
          )}
          <button type="button" className="account-signout" onClick={onSignOut}>{t('signOut')}</button>
        </div>
      </details>
    </div>
  );
}
