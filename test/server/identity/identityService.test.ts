// Sign-in, lockout, sessions and API tokens against a real (in-memory DuckDB) state store, on a controllable clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbDriver } from '../../../pipelines/heal/sqlDriver.js';
import { AuditTrail } from '../../../server/identity/auditTrail.js';
import { IdentityService } from '../../../server/identity/identityService.js';
import { IdentityStore } from '../../../server/identity/identityStore.js';
import { hashPassword, verifyPassword } from '../../../server/identity/passwordHash.js';

const MIN = 60_000;

async function openIdentity(now: () => number) {
  const db = await DuckDbDriver.open(':memory:');
  const store = new IdentityStore(db);
  await store.init();
  const audit = new AuditTrail(db, now);
  await audit.init();
  const identity = new IdentityService(store, audit, { sessionTtlMs: 60 * MIN, sessionIdleMs: 20 * MIN, lockoutThreshold: 3, lockoutMs: 15 * MIN, now });
  return { db, store, audit, identity };
}

describe('password hashing', () => {
  it('scrypt hashes are salted, self-describing and verify only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$\d+\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('IdentityService', () => {
  let clock = 1_700_000_000_000;
  let ctx: Awaited<ReturnType<typeof openIdentity>>;
  beforeEach(async () => { clock = 1_700_000_000_000; ctx = await openIdentity(() => clock); });
  afterEach(async () => { await ctx.db.close(); });

  it('first start creates admin with a random password returned once; a second start creates nothing', async () => {
    const first = await ctx.identity.bootstrap(null);
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await ctx.identity.login('admin', first.generatedPassword!, null)).ok).toBe(true);
    expect(await ctx.identity.bootstrap(null)).toEqual({ created: false, generatedPassword: null });
    expect((await ctx.store.user('admin'))!.passwordHash).not.toContain(first.generatedPassword!);
  });

  it('OPSDECK_ADMIN_PASSWORD sets the first admin password, and later resets it if it changed', async () => {
    expect(await ctx.identity.bootstrap('first-password-1')).toEqual({ created: true, generatedPassword: null });
    expect((await ctx.identity.login('admin', 'first-password-1', null)).ok).toBe(true);
    await ctx.identity.bootstrap('second-password-2');
    expect((await ctx.identity.login('admin', 'first-password-1', null)).ok).toBe(false);
    expect((await ctx.identity.login('admin', 'second-password-2', null)).ok).toBe(true);
  });

  it('wrong passwords and unknown users answer alike; repeated failures lock the account for the lockout time', async () => {
    await ctx.identity.bootstrap('admin-password-1');
    const unknown = await ctx.identity.login('nobody', 'whatever', '10.0.0.1');
    const wrong = await ctx.identity.login('admin', 'wrong', '10.0.0.1');
    expect(unknown).toEqual(wrong);
    expect(wrong).toMatchObject({ ok: false, status: 401 });
    await ctx.identity.login('admin', 'wrong', '10.0.0.1');
    await ctx.identity.login('admin', 'wrong', '10.0.0.1'); // third failure: locked
    const locked = await ctx.identity.login('admin', 'admin-password-1', '10.0.0.1');
    expect(locked).toMatchObject({ ok: false, status: 429, retryAfterSec: 15 * 60 });
    clock += 15 * MIN + 1;
    expect((await ctx.identity.login('admin', 'admin-password-1', '10.0.0.1')).ok).toBe(true);
    const actions = (await ctx.audit.list()).map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.locked');
  });

  it('sessions expire when idle and at their absolute lifetime; sign-out ends them', async () => {
    await ctx.identity.bootstrap('admin-password-1');
    const r = await ctx.identity.login('admin', 'admin-password-1', null);
    if (!r.ok) throw new Error('login failed');
    expect((await ctx.identity.authenticateSession(r.sessionId))?.username).toBe('admin');
    expect(await ctx.identity.authenticateSession('forged-session-id')).toBeNull();
    // Active use keeps it alive past the idle limit, but not past the absolute lifetime.
    for (let i = 0; i < 5; i++) { clock += 10 * MIN; expect(await ctx.identity.authenticateSession(r.sessionId)).not.toBeNull(); }
    clock += 11 * MIN;
    expect(await ctx.identity.authenticateSession(r.sessionId)).toBeNull();

    const r2 = await ctx.identity.login('admin', 'admin-password-1', null);
    if (!r2.ok) throw new Error('login failed');
    clock += 21 * MIN; // idle
    expect(await ctx.identity.authenticateSession(r2.sessionId)).toBeNull();

    const r3 = await ctx.identity.login('admin', 'admin-password-1', null);
    if (!r3.ok) throw new Error('login failed');
    await ctx.identity.logout(r3.user, null);
    expect(await ctx.identity.authenticateSession(r3.sessionId)).toBeNull();
  });

  it('API tokens are stored hashed, carry the user roles, and stop working when revoked, expired or the user is disabled', async () => {
    await ctx.identity.bootstrap('admin-password-1');
    await ctx.identity.admin.createUser('admin', { username: 'loader', displayName: 'Loader', password: 'loader-password-1', roles: ['producer'], scope: null }, null);
    const { token, secret } = await ctx.identity.admin.issueToken('admin', { username: 'loader', label: 'nightly', expiresInDays: 1 }, null);
    const stored = await ctx.store.token(token.tokenId);
    // odk_<16 hex id>_<43 base64url secret>: the secret itself may contain '_', so cut by position.
    const secretPart = secret.slice('odk_'.length + 16 + 1);
    expect(secretPart).toHaveLength(43);
    expect(stored!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.secretHash).not.toContain(secretPart);
    const u = await ctx.identity.authenticateToken(secret);
    expect(u).toMatchObject({ username: 'loader', roles: ['producer'], method: 'token', csrfToken: null });
    expect([...u!.permissions]).toContain('ingest.write');
    expect(await ctx.identity.authenticateToken(`${secret.slice(0, -1)}x`)).toBeNull();

    await ctx.identity.admin.revokeToken('admin', token.tokenId, null);
    clock += 6_000; // past the authentication cache
    expect(await ctx.identity.authenticateToken(secret)).toBeNull();

    const second = await ctx.identity.admin.issueToken('admin', { username: 'loader', label: 'short', expiresInDays: 1 }, null);
    clock += 86_400_000 + 1;
    expect(await ctx.identity.authenticateToken(second.secret)).toBeNull();

    const third = await ctx.identity.admin.issueToken('admin', { username: 'loader', label: 'third', expiresInDays: null }, null);
    expect(await ctx.identity.authenticateToken(third.secret)).not.toBeNull();
    await ctx.identity.admin.updateUser('admin', { username: 'loader', disabled: true }, null);
    expect(await ctx.identity.authenticateToken(third.secret)).toBeNull();
  });

  it('a role change ends the user sessions at once, and an admin cannot lock themselves out', async () => {
    await ctx.identity.bootstrap('admin-password-1');
    await ctx.identity.admin.createUser('admin', { username: 'nina', displayName: 'Nina', password: 'nina-password-1', roles: ['noc'], scope: null }, null);
    const r = await ctx.identity.login('nina', 'nina-password-1', null);
    if (!r.ok) throw new Error('login failed');
    await ctx.identity.admin.updateUser('admin', { username: 'nina', roles: ['pm'] }, null);
    expect(await ctx.identity.authenticateSession(r.sessionId)).toBeNull();
    await expect(ctx.identity.admin.updateUser('admin', { username: 'admin', roles: ['noc'] }, null)).rejects.toThrow(/your own admin role/);
    const change = (await ctx.audit.list({ action: 'user.updated' }))[0]!;
    expect(change).toMatchObject({ actor: 'admin', target: 'nina', before: { roles: ['noc'] }, after: { roles: ['pm'] } });
  });
});
