// Shows sign-in until the server knows the user, then the app inside its session, permissions and services.
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { Permission, SessionInfo } from '../../schema/access.js';
import { SignInScreen } from '../features/signin/SignInScreen.js';
import { AppServicesProvider } from './AppServices.js';
import { PermissionsProvider } from './permissions.js';
import type { SessionStore } from './session.js';
import { useI18n } from '../i18n/I18nProvider.js';

export interface SessionContextValue {
  session: SessionInfo;
  can: (permission: Permission) => boolean;
  signOut: () => Promise<void>;
  /** Returns an error message, or null once changed. */
  changePassword: (currentPassword: string, newPassword: string) => Promise<string | null>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** The signed-in user, what they may do, sign-out and password change; only below SessionGate. */
export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession: no signed-in SessionGate above this component');
  return v;
}

export function SessionGate({ store, children }: { store: SessionStore; children: ReactNode }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { t } = useI18n();
  const session = state.status === 'signed-in' ? state.session : null;
  const value = useMemo<SessionContextValue | null>(() => {
    if (!session) return null;
    const granted = new Set(session.permissions);
    return {
      session,
      can: (p) => granted.has(p),
      signOut: () => store.signOut(),
      changePassword: (current, next) => store.changePassword(current, next),
    };
  }, [session, store]);

  if (state.status === 'checking') {
    return <main className="page session-check" aria-busy="true"><p className="muted">{t('checkingSignIn')}</p></main>;
  }
  if (state.status === 'unreachable') {
    return (
      <main className="page session-check">
        <p className="error" role="alert">{t('serverUnreachable', { error: state.message })}</p>
        <p><button type="button" onClick={() => void store.boot()}>{t('retry')}</button></p>
      </main>
    );
  }
  if (state.status === 'signed-out' || !value) {
    return <SignInScreen onSignIn={(u, p) => store.signIn(u, p)} expired={state.status === 'signed-out' && state.reason === 'expired'} />;
  }
  return (
    <SessionContext.Provider value={value} key={state.epoch}>
      <PermissionsProvider permissions={value.session.permissions}>
        <AppServicesProvider services={state.services}>{children}</AppServicesProvider>
      </PermissionsProvider>
    </SessionContext.Provider>
  );
}
