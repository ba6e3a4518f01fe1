// User administration for admins: users, roles, scopes, passwords, API tokens; every change lands in the audit trail.
import { randomBytes } from 'node:crypto';
import type { Role, Scope, TokenInfo, UserInfo } from '../../schema/access.js';
import { InvalidRequestError, NotFoundError } from '../../schema/domainErrors.js';
import type { AuditTrail } from './auditTrail.js';
import { publicToken, publicUser, sha256Hex, type IdentityStore, type StoredUser } from './identityStore.js';
import { hashPassword } from './passwordHash.js';

export class UserAdmin {
  constructor(
    private readonly store: IdentityStore,
    private readonly audit: AuditTrail,
    private readonly now: () => number,
    /** Called when rights change, so no cached authentication outlives them. */
    private readonly forgetAuthentications: () => void,
  ) {}

  async users(): Promise<UserInfo[]> { return (await this.store.users()).map(publicUser); }

  private async mustUser(username: string): Promise<StoredUser> {
    const u = await this.store.user(username);
    if (!u) throw new NotFoundError(`no user ${username}`);
    return u;
  }

  async createUser(actor: string, n: { username: string; displayName: string; password: string; roles: Role[]; scope: Scope | null }, ip: string | null): Promise<UserInfo> {
    const u: StoredUser = {
      username: n.username, displayName: n.displayName || n.username, passwordHash: await hashPassword(n.password), roles: [...new Set(n.roles)],
      scope: n.scope, disabled: false, source: 'local', createdAtMs: this.now(), lastLoginMs: null, failedLogins: 0, lockedUntilMs: null,
    };
    if (!await this.store.insertUser(u)) throw new InvalidRequestError(`user ${n.username} already exists`);
    await this.audit.append({ actor, action: 'user.created', target: u.username, after: { roles: u.roles, scope: u.scope, displayName: u.displayName }, ip });
    return publicUser(u);
  }

  async updateUser(actor: string, p: { username: string; displayName?: string | undefined; roles?: Role[] | undefined; scope?: Scope | null | undefined; disabled?: boolean | undefined }, ip: string | null): Promise<UserInfo> {
    const u = await this.mustUser(p.username);
    if (p.username === actor && (p.disabled === true || (p.roles && !p.roles.includes('admin')))) {
      throw new InvalidRequestError('you cannot disable yourself or take away your own admin role (ask another admin)');
    }
    const next: StoredUser = {
      ...u,
      displayName: p.displayName ?? u.displayName,
      roles: p.roles ? [...new Set(p.roles)] : u.roles,
      scope: p.scope === undefined ? u.scope : p.scope,
      disabled: p.disabled ?? u.disabled,
    };
    await this.store.updateUser(next);
    // New rights take effect at once: existing sessions carry the old ones.
    await this.store.deleteSessionsOf(u.username);
    this.forgetAuthentications();
    const pick = (x: StoredUser) => ({ displayName: x.displayName, roles: x.roles, scope: x.scope, disabled: x.disabled });
    await this.audit.append({ actor, action: 'user.updated', target: u.username, before: pick(u), after: pick(next), ip });
    return publicUser(next);
  }

  async resetPassword(actor: string, username: string, password: string, ip: string | null): Promise<void> {
    const u = await this.mustUser(username);
    if (u.source !== 'local') throw new InvalidRequestError(`user ${username} signs in through single sign-on`);
    await this.store.updateUser({ ...u, passwordHash: await hashPassword(password), failedLogins: 0, lockedUntilMs: null });
    await this.store.deleteSessionsOf(username);
    this.forgetAuthentications();
    await this.audit.append({ actor, action: 'user.password_reset', target: username, ip });
  }

  async unlockUser(actor: string, username: string, ip: string | null): Promise<UserInfo> {
    const u = await this.mustUser(username);
    const next = { ...u, failedLogins: 0, lockedUntilMs: null };
    await this.store.updateUser(next);
    await this.audit.append({ actor, action: 'user.updated', target: username, before: { lockedUntilMs: u.lockedUntilMs }, after: { lockedUntilMs: null }, ip });
    return publicUser(next);
  }

  async tokens(username?: string): Promise<TokenInfo[]> { return (await this.store.tokens(username)).map(publicToken); }

  /** Issues a token for a user; the secret is returned once and only its hash is kept. */
  async issueToken(actor: string, p: { username: string; label: string; expiresInDays: number | null }, ip: string | null): Promise<{ token: TokenInfo; secret: string }> {
    await this.mustUser(p.username);
    const tokenId = randomBytes(8).toString('hex');
    const secretPart = randomBytes(32).toString('base64url');
    const t = this.now();
    const stored = {
      tokenId, username: p.username, secretHash: sha256Hex(secretPart), label: p.label, createdAtMs: t, createdBy: actor,
      expiresAtMs: p.expiresInDays === null ? null : t + p.expiresInDays * 86_400_000, lastUsedAtMs: null, revokedAtMs: null,
    };
    await this.store.insertToken(stored);
    await this.audit.append({ actor, action: 'token.issued', target: p.username, after: { tokenId, label: p.label, expiresAtMs: stored.expiresAtMs }, ip });
    return { token: publicToken(stored), secret: `odk_${tokenId}_${secretPart}` };
  }

  async revokeToken(actor: string, tokenId: string, ip: string | null): Promise<TokenInfo> {
    const tok = await this.store.token(tokenId);
    if (!tok) throw new NotFoundError(`no token ${tokenId}`);
    await this.store.revokeToken(tokenId, this.now());
    this.forgetAuthentications();
    await this.audit.append({ actor, action: 'token.revoked', target: tok.username, before: { tokenId, label: tok.label }, ip });
    return publicToken((await this.store.token(tokenId))!);
  }
}
