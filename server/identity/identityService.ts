// Who is asking: first-start admin, password and single sign-on sign-in, sessions and API tokens; user administration
// is `admin` (UserAdmin). Every sign-in, failure and lockout lands in the audit trail.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { permissionsOf, type AuthMethod, type Permission, type Role, type Scope, type SessionInfo } from '../../schema/access.js';
import { InvalidRequestError, NotFoundError } from '../../schema/domainErrors.js';
import type { AuditTrail } from './auditTrail.js';
import { sha256Hex, type IdentityStore, type StoredSession, type StoredUser } from './identityStore.js';
import { hashPassword, randomPassword, UNMATCHABLE_HASH, verifyPassword } from './passwordHash.js';
import { UserAdmin } from './userAdmin.js';
import type { LoginThrottle } from './loginThrottle.js';

/** The user behind a request, as every route and procedure sees it. */
export interface AuthUser {
  username: string;
  displayName: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  scope: Scope | null;
  method: AuthMethod;
  /** Cookie sessions only: the id hash (for sign-out) and the CSRF token state changes must echo. */
  sessionIdHash: string | null;
  csrfToken: string | null;
  expiresAtMs: number | null;
}

export interface IdentityOptions {
  sessionTtlMs: number;
  sessionIdleMs: number;
  lockoutThreshold: number;
  lockoutMs: number;
  now?: () => number;
}

export type LoginResult =
  | { ok: true; sessionId: string; user: AuthUser }
  | { ok: false; status: 401 | 429; error: string; retryAfterSec?: number };

const TOKEN_RE = /^odk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** How long an authenticated session or token is trusted without asking the store again (revocation takes at most this long on other replicas). */
const CACHE_MS = 5_000;

export function sessionInfoOf(u: AuthUser): SessionInfo {
  return {
    username: u.username, displayName: u.displayName, roles: u.roles, permissions: [...u.permissions], scope: u.scope,
    method: u.method, csrfToken: u.csrfToken, expiresAtMs: u.expiresAtMs,
  };
}

export class IdentityService {
  private readonly cache = new Map<string, { user: AuthUser; untilMs: number }>();
  private readonly now: () => number;
  /** Users, roles, scopes and API tokens (the admin router). */
  readonly admin: UserAdmin;

  constructor(readonly store: IdentityStore, readonly audit: AuditTrail, private readonly o: IdentityOptions) {
    this.now = o.now ?? Date.now;
    // Changed rights take effect at once: forget every cached authentication.
    this.admin = new UserAdmin(store, audit, this.now, () => this.cache.clear());
  }

  /**
   * First start: with no users, creates `admin` with `adminPassword` or a random one (returned, to print once).
   * With users and `adminPassword` set, makes it admin's password (the operator's break-glass setting).
   */
  async bootstrap(adminPassword: string | null): Promise<{ created: boolean; generatedPassword: string | null }> {
    const existing = await this.store.user('admin');
    if (!existing && (await this.store.countUsers()) === 0) {
      const password = adminPassword ?? randomPassword();
      const inserted = await this.store.insertUser({
        username: 'admin', displayName: 'Administrator', passwordHash: await hashPassword(password), roles: ['admin'], scope: null,
        disabled: false, source: 'local', createdAtMs: this.now(), lastLoginMs: null, failedLogins: 0, lockedUntilMs: null,
      });
      // Another replica starting at the same moment created it first: its password stands.
      if (!inserted) return { created: false, generatedPassword: null };
      await this.audit.append({ actor: 'system', action: 'user.created', target: 'admin', after: { roles: ['admin'], firstStart: true } });
      return { created: true, generatedPassword: adminPassword ? null : password };
    }
    if (existing && adminPassword && !(existing.passwordHash && await verifyPassword(adminPassword, existing.passwordHash))) {
      await this.store.updateUser({ ...existing, passwordHash: await hashPassword(adminPassword), failedLogins: 0, lockedUntilMs: null, disabled: false });
      await this.store.deleteSessionsOf('admin');
      await this.audit.append({ actor: 'system', action: 'user.password_reset', target: 'admin', after: { reason: 'OPSDECK_ADMIN_PASSWORD' } });
    }
    return { created: false, generatedPassword: null };
  }

  /** Password sign-in with per-account lockout; unknown users and wrong passwords answer alike (and take as long). */
  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const r = await this.check(username, password, ip, 'password');
    if (!r.ok) return r;
    return { ok: true, ...await this.openSession(r.user, 'password', ip) };
  }

  /** Verifies a password against the store with the lockout policy; audits failures (and successes of session-less methods). */
  private async check(username: string, password: string, ip: string | null, method: 'password' | 'basic'):
    Promise<{ ok: true; user: StoredUser } | { ok: false; status: 401 | 429; error: string; retryAfterSec?: number }> {
    const name = username.trim().toLowerCase();
    const u = await this.store.user(name);
    const t = this.now();
    if (u?.lockedUntilMs && u.lockedUntilMs > t) {
      await this.audit.append({ actor: name, action: 'auth.login_failed', target: name, after: { reason: 'locked', method }, ip });
      return { ok: false, status: 429, error: 'account locked after repeated failed sign-ins; try again later or ask an admin to unlock it', retryAfterSec: Math.ceil((u.lockedUntilMs - t) / 1000) };
    }
    const matches = await verifyPassword(password, u?.passwordHash ?? UNMATCHABLE_HASH);
    if (!u || !matches || u.disabled || !u.passwordHash) {
      const reason = !u ? 'unknown user' : u.disabled ? 'disabled' : 'wrong password';
      await this.audit.append({ actor: name || '(empty)', action: 'auth.login_failed', target: name, after: { reason, method }, ip });
      if (u && !u.disabled && u.passwordHash && !matches) {
        const failedLogins = u.failedLogins + 1;
        const locked = failedLogins >= this.o.lockoutThreshold;
        await this.store.updateUser({ ...u, failedLogins: locked ? 0 : failedLogins, lockedUntilMs: locked ? t + this.o.lockoutMs : u.lockedUntilMs });
        if (locked) await this.audit.append({ actor: 'system', action: 'auth.locked', target: name, after: { untilMs: t + this.o.lockoutMs, failures: failedLogins }, ip });
      }
      return { ok: false, status: 401, error: 'wrong user name or password' };
    }
    const signedIn = { ...u, failedLogins: 0, lockedUntilMs: null, lastLoginMs: t };
    await this.store.updateUser(signedIn);
    if (method === 'basic') await this.audit.append({ actor: name, action: 'auth.login', target: name, after: { method }, ip });
    return { ok: true, user: signedIn };
  }

  /**
   * HTTP Basic credentials (scripts, `curl -u`): the same checks and lockout as a password sign-in, but no session;
   * a success is remembered briefly so a script's every call does not pay the KDF again.
   */
  async authenticateBasic(username: string, password: string, ip: string | null, throttle: LoginThrottle):
    Promise<AuthUser | { error: string; status: 401 | 429; retryAfterSec?: number }> {
    const key = `basic:${sha256Hex(`${username}\u0000${password}`)}`;
    const t = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.untilMs > t) return hit.user;
    // Each uncached check is a password guess: the same per-address limit as the sign-in route.
    const wait = throttle.take(ip ?? 'unknown');
    if (wait) return { status: 429, error: `too many sign-in attempts from your address; wait ${wait} s`, retryAfterSec: wait };
    const r = await this.check(username, password, ip, 'basic');
    if (!r.ok) return r;
    const user = this.authUserOf(r.user, null, 'password');
    this.remember(key, user, t);
    return user;
  }

  /** Single sign-on: the identity provider vouched for the user; create or refresh the user (roles from the claim). */
  async signInExternal(claims: { username: string; displayName: string; roles: Role[] }, ip: string | null): Promise<{ sessionId: string; user: AuthUser }> {
    const t = this.now();
    let u = await this.store.user(claims.username);
    if (u && u.source !== 'oidc') throw new InvalidRequestError(`user ${claims.username} is a local account; single sign-on cannot take it over`);
    if (u?.disabled) throw new InvalidRequestError(`user ${claims.username} is disabled`);
    if (!u) {
      u = { username: claims.username, displayName: claims.displayName, passwordHash: null, roles: claims.roles, scope: null, disabled: false,
        source: 'oidc', createdAtMs: t, lastLoginMs: t, failedLogins: 0, lockedUntilMs: null };
      if (!await this.store.insertUser(u)) throw new InvalidRequestError(`user ${claims.username} was just created; sign in again`);
      await this.audit.append({ actor: 'system', action: 'user.created', target: u.username, after: { roles: u.roles, source: 'oidc' }, ip });
    } else {
      const before = { roles: u.roles, displayName: u.displayName };
      u = { ...u, roles: claims.roles, displayName: claims.displayName, lastLoginMs: t };
      await this.store.updateUser(u);
      if (JSON.stringify(before.roles) !== JSON.stringify(u.roles)) {
        await this.audit.append({ actor: 'system', action: 'user.updated', target: u.username, before, after: { roles: u.roles, source: 'oidc claim' }, ip });
      }
    }
    return this.openSession(u, 'oidc', ip);
  }

  private async openSession(u: StoredUser, method: 'password' | 'oidc', ip: string | null): Promise<{ sessionId: string; user: AuthUser }> {
    const sessionId = randomBytes(32).toString('base64url');
    const t = this.now();
    const s: StoredSession = { idHash: sha256Hex(sessionId), username: u.username, csrfToken: randomBytes(24).toString('base64url'), method, createdAtMs: t, lastSeenMs: t, expiresAtMs: t + this.o.sessionTtlMs };
    await this.store.insertSession(s);
    await this.audit.append({ actor: u.username, action: 'auth.login', target: u.username, after: { method }, ip });
    return { sessionId, user: this.authUserOf(u, s) };
  }

  private authUserOf(u: StoredUser, s: StoredSession | null, method?: AuthMethod): AuthUser {
    return {
      username: u.username, displayName: u.displayName, roles: u.roles, permissions: permissionsOf(u.roles), scope: u.scope,
      method: s ? s.method : method ?? 'token', sessionIdHash: s?.idHash ?? null, csrfToken: s?.csrfToken ?? null,
      expiresAtMs: s ? Math.min(s.expiresAtMs, s.lastSeenMs + this.o.sessionIdleMs) : null,
    };
  }

  /** The user of a session cookie, or null (unknown, expired, idle too long, user disabled). */
  async authenticateSession(sessionId: string): Promise<AuthUser | null> {
    const idHash = sha256Hex(sessionId);
    const t = this.now();
    const hit = this.cache.get(idHash);
    if (hit && hit.untilMs > t) return hit.user;
    const s = await this.store.session(idHash);
    if (!s) return null;
    if (s.expiresAtMs <= t || s.lastSeenMs + this.o.sessionIdleMs <= t) { await this.store.deleteSession(idHash); return null; }
    const u = await this.store.user(s.username);
    if (!u || u.disabled) return null;
    // Sliding idle timeout, written at most once a minute per session.
    if (t - s.lastSeenMs > 60_000) { await this.store.touchSession(idHash, t); s.lastSeenMs = t; }
    const user = this.authUserOf(u, s);
    this.remember(idHash, user, t);
    return user;
  }

  /** The user of an `Authorization: Bearer odk_...` token, or null (malformed, unknown, revoked, expired, user disabled). */
  async authenticateToken(token: string): Promise<AuthUser | null> {
    const m = TOKEN_RE.exec(token);
    if (!m) return null;
    const key = `token:${sha256Hex(token)}`;
    const t = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.untilMs > t) return hit.user;
    const stored = await this.store.token(m[1]!);
    if (!stored || stored.revokedAtMs !== null || (stored.expiresAtMs !== null && stored.expiresAtMs <= t)) return null;
    const want = Buffer.from(stored.secretHash, 'hex');
    const got = Buffer.from(sha256Hex(m[2]!), 'hex');
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    const u = await this.store.user(stored.username);
    if (!u || u.disabled) return null;
    if (stored.lastUsedAtMs === null || t - stored.lastUsedAtMs > 60_000) await this.store.touchToken(stored.tokenId, t);
    const user = this.authUserOf(u, null, 'token');
    this.remember(key, user, t);
    return user;
  }

  private remember(key: string, user: AuthUser, t: number): void {
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { user, untilMs: t + CACHE_MS });
  }

  async logout(user: AuthUser, ip: string | null): Promise<void> {
    if (user.sessionIdHash) {
      await this.store.deleteSession(user.sessionIdHash);
      this.cache.delete(user.sessionIdHash);
    }
    await this.audit.append({ actor: user.username, action: 'auth.logout', target: user.username, ip });
  }

  async changePassword(user: AuthUser, current: string, next: string, ip: string | null): Promise<void> {
    const u = await this.store.user(user.username);
    if (!u) throw new NotFoundError(`no user ${user.username}`);
    if (u.source !== 'local' || !u.passwordHash) throw new InvalidRequestError('this account signs in through single sign-on; it has no password here');
    if (!await verifyPassword(current, u.passwordHash)) throw new InvalidRequestError('the current password is wrong');
    await this.store.updateUser({ ...u, passwordHash: await hashPassword(next) });
    await this.audit.append({ actor: user.username, action: 'auth.password_changed', target: user.username, ip });
  }

  async sweepSessions(): Promise<number> { return this.store.deleteExpiredSessions(this.now(), this.o.sessionIdleMs); }
}
