// The browser's sign-in state machine: checking -> signed-out | signed-in (with its app services) -> expired or signed out.
import type { SessionInfo } from '../../schema/access.js';
import { onSessionExpired } from '../api/apiFetch.js';
import * as auth from '../api/authApi.js';
import { SIGN_IN_HASH } from '../features/signin/signInRoute.js';
import { startAppServices, stopAppServices, type AppServices } from './AppServices.js';

export type SignedOutReason = 'none' | 'expired' | 'signed-out';

export type SessionState =
  | { status: 'checking' }
  | { status: 'unreachable'; message: string }
  | { status: 'signed-out'; reason: SignedOutReason }
  /** `epoch` changes with every sign-in, so the app below remounts with fresh services. */
  | { status: 'signed-in'; session: SessionInfo; services: AppServices; epoch: number };


export class SessionStore {
  private state: SessionState = { status: 'checking' };
  private readonly listeners = new Set<() => void>();
  private epoch = 0;

  constructor(private readonly start: (session: SessionInfo, csrfToken: () => string | null) => AppServices = defaultStart) {
    onSessionExpired(() => this.expire());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): SessionState => this.state;

  private set(next: SessionState): void {
    this.state = next;
    for (const l of this.listeners) l();
  }

  /** Asks the server who we are; starts the app only for a signed-in user. */
  async boot(): Promise<void> {
    this.set({ status: 'checking' });
    try {
      const session = await auth.fetchSession();
      if (session) this.enter(session);
      else this.set({ status: 'signed-out', reason: 'none' });
    } catch (e) {
      this.set({ status: 'unreachable', message: e instanceof Error ? e.message : String(e) });
    }
  }

  async signIn(username: string, password: string): Promise<auth.SignInResult> {
    const r = await auth.signIn(username, password);
    if (r.ok) this.enter(r.session);
    return r;
  }

  async signOut(): Promise<void> {
    const s = this.state;
    if (s.status !== 'signed-in') return;
    // Leave even if the server is away: the tab must not keep showing the user's data.
    await auth.signOut(s.session.csrfToken).catch(() => undefined);
    this.leave('signed-out');
  }

  /** Returns an error message, or null once the password is changed. */
  async changePassword(currentPassword: string, newPassword: string): Promise<string | null> {
    const s = this.state;
    if (s.status !== 'signed-in') return 'not signed in';
    const err = await auth.changePassword(s.session.csrfToken, currentPassword, newPassword);
    if (err === null) await this.refresh();
    return err;
  }

  /** Re-reads the session (the server may rotate it); a 401 leads back to sign-in. */
  private async refresh(): Promise<void> {
    const s = this.state;
    if (s.status !== 'signed-in') return;
    const session = await auth.fetchSession().catch(() => s.session);
    if (!session) this.leave('expired');
    else if (this.state === s) this.set({ ...s, session });
  }

  private expire(): void {
    if (this.state.status === 'signed-in') this.leave('expired');
  }

  private enter(session: SessionInfo): void {
    const prev = this.state;
    if (prev.status === 'signed-in') stopAppServices(prev.services);
    // The session's csrf token is read per request, so a refreshed session needs no new client.
    const services = this.start(session, () => (this.state.status === 'signed-in' ? this.state.session.csrfToken : null));
    if (window.location.hash.startsWith(SIGN_IN_HASH)) history.replaceState(null, '', window.location.pathname + window.location.search);
    this.set({ status: 'signed-in', session, services, epoch: ++this.epoch });
  }

  private leave(reason: SignedOutReason): void {
    const s = this.state;
    if (s.status === 'signed-in') stopAppServices(s.services);
    // An expired session returns to the same page after sign-in; a deliberate sign-out does not hand it to the next user.
    if (reason === 'signed-out' && window.location.hash) history.replaceState(null, '', window.location.pathname + window.location.search);
    this.set({ status: 'signed-out', reason });
  }
}

function defaultStart(session: SessionInfo, csrfToken: () => string | null): AppServices {
  return startAppServices({ csrfToken, syncData: session.permissions.includes('data.read') });
}
