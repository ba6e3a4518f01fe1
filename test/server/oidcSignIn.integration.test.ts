// Single sign-on end to end against a real OpenID Connect provider (oidc-provider) on 127.0.0.1: plain HTTP with
// manual redirects and a cookie jar, through the provider's login and consent forms, back to an OpsDeck session.
import path from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_PATHS, SESSION_COOKIE, type SessionInfo } from '../../schema/access.js';
import type { AppRouter } from '../../server/trpc/appRouter.js';
import { CookieJar, freePort, send, startOidcProvider, walkProviderToCallback, type TestProvider } from './oidcTestProvider.js';
import { makeTempDir, startTestServer, type TestServer } from './testServer.js';

const CLIENT_ID = 'opsdeck';
const CLIENT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

describe('OIDC single sign-on against a real provider', () => {
  let provider: TestProvider;
  let ts: TestServer;
  let cleanup: () => Promise<void>;
  let base = '';
  let callback = '';

  beforeAll(async () => {
    // OpsDeck's callback URL must be registered at the provider before either starts: reserve OpsDeck's port first.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    callback = `${base}${AUTH_PATHS.oidcCallback}`;
    provider = await startOidcProvider({
      clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: callback,
      accounts: {
        nora: { claims: { preferred_username: 'Nora.Noc', name: 'Nora Noc', roles: ['noc'] } },
        guest: { claims: { preferred_username: 'guest', name: 'Guest', roles: ['viewer', 'Guests'] } },
        // An IdP that keeps user name and roles out of the ID token: they come from UserInfo, roles as one string.
        pat: { claims: { name: 'Pat Product' }, userinfoOnly: { preferred_username: 'pat', roles: 'pm, exec unknown' } },
      },
    });
    const tmp = await makeTempDir('opsdeck-oidc-');
    cleanup = tmp.cleanup;
    ts = await startTestServer(path.join(tmp.dir, 'lake'), {
      PORT: String(port),
      OPSDECK_SIMULATOR: 'off',
      OPSDECK_OIDC_ISSUER: provider.issuer,
      OPSDECK_OIDC_CLIENT_ID: CLIENT_ID,
      OPSDECK_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OPSDECK_OIDC_REDIRECT_URL: callback,
      OPSDECK_OIDC_LABEL: 'Test IdP',
    });
  });
  afterAll(async () => { await ts?.server.close(); await provider?.close(); await cleanup?.(); });

  /** Starts a sign-in at OpsDeck and walks the provider (as `accountId`) up to OpsDeck's callback URL. */
  async function toCallback(jar: CookieJar, accountId: string, returnTo = '#/noc'): Promise<URL> {
    const start = await send(jar, `${base}${AUTH_PATHS.oidcLogin}?returnTo=${encodeURIComponent(returnTo)}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(provider.issuer);
    return walkProviderToCallback(jar, authorize.href, accountId, callback);
  }

  /** The sign-in page's error message of a failed callback's redirect. */
  function signInError(res: Response): string {
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith('/#/signin?error=')).toBe(true);
    return new URLSearchParams(location.slice('/#/signin?'.length)).get('error') ?? '';
  }

  async function lastAudit(): Promise<{ actor: string; action: string; after: unknown }> {
    const [last] = await ts.server.rt.identity.audit.list({ limit: 1 });
    return last!;
  }

  const trpcWithCookie = (cookie: string) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${base}/trpc`, headers: { cookie } })] });

  it('says single sign-on is offered, with its label', async () => {
    const res = await fetch(`${base}${AUTH_PATHS.oidcConfig}`);
    expect(await res.json()).toEqual({ enabled: true, label: 'Test IdP' });
  });

  it('signs a NOC user in through the provider: session cookie, /auth/me, and the noc role enforced', async () => {
    const jar = new CookieJar();
    const start = await send(jar, `${base}${AUTH_PATHS.oidcLogin}?returnTo=${encodeURIComponent('#/noc')}`);
    const authorize = new URL(start.headers.get('location')!);
    // Authorization code flow with PKCE (S256), state and nonce.
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(callback);

    const back = await walkProviderToCallback(jar, authorize.href, 'nora', callback);
    expect(back.searchParams.get('code')).toBeTruthy();
    const seenBefore = provider.requests.length;
    const done = await send(jar, back.href);
    // OpsDeck redeemed the code and checked the ID token's signature against the provider's published keys.
    const redeem = provider.requests.slice(seenBefore);
    expect(redeem).toContain('/token');
    expect(provider.requests).toContain('/jwks');
    expect(redeem).not.toContain('/me'); // user name and roles were in the verified ID token
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/#/noc');
    const sid = jar.get(base, SESSION_COOKIE);
    expect(sid).toBeTruthy();
    expect(done.headers.getSetCookie().join()).toMatch(/HttpOnly; SameSite=Strict/);

    const me = await fetch(`${base}${AUTH_PATHS.me}`, { headers: { cookie: `${SESSION_COOKIE}=${sid}` } });
    expect(me.status).toBe(200);
    const info = (await me.json()) as SessionInfo;
    expect(info).toMatchObject({ username: 'nora.noc', displayName: 'Nora Noc', roles: ['noc'], method: 'oidc' });

    const trpc = trpcWithCookie(`${SESSION_COOKIE}=${sid}`);
    expect((await trpc.noc.sites.query()).length).toBe(20);
    const denied = await trpc.admin.users.query().catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(TRPCClientError);
    expect((denied as TRPCClientError<AppRouter>).data?.code).toBe('FORBIDDEN');
  });

  it('takes user name and roles from UserInfo when the ID token lacks them (roles as a comma/space string)', async () => {
    const jar = new CookieJar();
    const back = await toCallback(jar, 'pat', '#/revenue');
    const seenBefore = provider.requests.length;
    const done = await send(jar, back.href);
    expect(done.headers.get('location')).toBe('/#/revenue');
    expect(provider.requests.slice(seenBefore)).toContain('/me');
    const me = await fetch(`${base}${AUTH_PATHS.me}`, { headers: { cookie: `${SESSION_COOKIE}=${jar.get(base, SESSION_COOKIE)}` } });
    expect(await me.json()).toMatchObject({ username: 'pat', displayName: 'Pat Product', roles: ['pm', 'exec'], method: 'oidc' });
  });

  it('refuses a tampered state: back to the sign-in page with a message, no session, audited; the genuine answer still works', async () => {
    const jar = new CookieJar();
    const back = await toCallback(jar, 'nora');
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const res = await send(jar, tampered.href);
    expect(res.status).toBe(302);
    expect(signInError(res)).toMatch(/not started in this browser|start it again/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    expect(jar.get(base, SESSION_COOKIE)).toBeUndefined();
    expect(await lastAudit()).toMatchObject({ action: 'auth.login_failed', after: { method: 'oidc', reason: 'state unknown' } });

    // Tampering did not use up the real sign-in; the answer itself is single-use.
    const ok = await send(jar, back.href);
    expect(ok.headers.get('location')).toBe('/#/noc');
    expect(jar.get(base, SESSION_COOKIE)).toBeTruthy();
    const replay = await send(new CookieJar(), back.href);
    expect(signInError(replay)).toMatch(/start it again/);
  });

  it('refuses a callback that comes back to a different browser (login CSRF)', async () => {
    const attacker = new CookieJar();
    const back = await toCallback(attacker, 'nora');
    const victim = new CookieJar();
    const res = await send(victim, back.href);
    expect(signInError(res)).toMatch(/not started in this browser/);
    expect(victim.get(base, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a user whose token names no known role', async () => {
    const jar = new CookieJar();
    const res = await send(jar, (await toCallback(jar, 'guest')).href);
    expect(signInError(res)).toMatch(/guest has no OpsDeck role .*claim 'roles'/);
    expect(jar.get(base, SESSION_COOKIE)).toBeUndefined();
    expect(await lastAudit()).toMatchObject({ actor: 'guest', action: 'auth.login_failed' });
    expect(await ts.server.rt.identity.store.user('guest')).toBeNull();
  });

  it('refuses an ID token altered in transit (roles raised to admin): its signature no longer matches the JWKS', async () => {
    const jar = new CookieJar();
    const back = await toCallback(jar, 'nora');
    provider.tamperNextIdToken = (claims) => ({ ...claims, roles: ['admin'] });
    const res = await send(jar, back.href);
    expect(provider.tamperNextIdToken).toBeNull(); // the token response really was altered
    expect(signInError(res)).toMatch(/could not be verified/);
    expect(jar.get(base, SESSION_COOKIE)).toBeUndefined();
    const audit = await lastAudit();
    expect(audit.action).toBe('auth.login_failed');
    expect(JSON.stringify(audit.after)).toMatch(/verification failed/);
  });

  it('ignores an absolute returnTo (no open redirect) and lands on /', async () => {
    const jar = new CookieJar();
    const done = await send(jar, (await toCallback(jar, 'nora', 'https://evil.example')).href);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    expect(jar.get(base, SESSION_COOKIE)).toBeTruthy();
  });

  it('passes on the provider’s refusal when the user aborts at the provider', async () => {
    const jar = new CookieJar();
    const start = await send(jar, `${base}${AUTH_PATHS.oidcLogin}`);
    const toInteraction = await send(jar, start.headers.get('location')!);
    const interaction = new URL(toInteraction.headers.get('location')!, provider.issuer);
    const back = await walkProviderToCallback(jar, `${interaction.href}/abort`, 'nora', callback);
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await send(jar, back.href);
    expect(signInError(res)).toMatch(/identity provider refused the sign-in: End-User aborted interaction/);
    expect(jar.get(base, SESSION_COOKIE)).toBeUndefined();
  });
});
