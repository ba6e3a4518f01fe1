// The pure parts of single sign-on: claims -> user, the return path, and the pending-flow store's expiry and binding.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { mapOidcClaims, readClaim, rolesFromClaim } from '../../server/identity/oidcClaims.js';
import { OidcPendingFlows } from '../../server/identity/oidcPendingFlows.js';
import type { IdentityService } from '../../server/identity/identityService.js';
import type { AuditRecord } from '../../server/identity/auditTrail.js';
import { registerOidcConfigRoute, registerOidcRoutes } from '../../server/identity/oidcRoutes.js';
import { freePort } from './oidcTestProvider.js';
import { appLocation, safeReturnTo, signInErrorLocation } from '../../server/identity/oidcRedirects.js';

const NAMES = { usernameClaim: 'preferred_username', rolesClaim: 'roles' };

describe('OIDC claims -> OpsDeck user', () => {
  it('lower-cases the user name, takes name as display name and keeps only known roles', () => {
    expect(mapOidcClaims({ preferred_username: 'Nora.Noc', name: ' Nora Noc ', roles: ['NOC', 'viewer', 'noc', 'pm'] }, NAMES))
      .toEqual({ ok: true, user: { username: 'nora.noc', displayName: 'Nora Noc', roles: ['noc', 'pm'] } });
  });

  it('reads roles from a space- or comma-separated string', () => {
    expect(rolesFromClaim('pm, exec  automation-admin,,x')).toEqual(['pm', 'exec', 'automation-admin']);
    expect(rolesFromClaim(42)).toEqual([]);
    expect(rolesFromClaim([1, 'admin'])).toEqual(['admin']);
  });

  it('falls back to the user name when there is no name claim', () => {
    expect(mapOidcClaims({ preferred_username: 'pat', roles: 'pm' }, NAMES)).toMatchObject({ ok: true, user: { displayName: 'pat' } });
  });

  it('refuses a user with no known role, naming the claim', () => {
    const r = mapOidcClaims({ preferred_username: 'guest', roles: ['viewer'] }, NAMES);
    expect(r).toMatchObject({ ok: false, username: 'guest' });
    expect(!r.ok && r.reason).toMatch(/no OpsDeck role .*claim 'roles'/);
  });

  it('refuses a missing or unusable user name', () => {
    expect(mapOidcClaims({ roles: ['noc'] }, NAMES)).toMatchObject({ ok: false, username: null, reason: expect.stringMatching(/no user name/) });
    expect(mapOidcClaims({ preferred_username: 'Nora Noc', roles: ['noc'] }, NAMES)).toMatchObject({ ok: false, reason: expect.stringMatching(/not usable/) });
  });

  it('reads a configured claim by exact name first, then as a dotted path (Keycloak realm_access.roles)', () => {
    expect(readClaim({ realm_access: { roles: ['noc'] } }, 'realm_access.roles')).toEqual(['noc']);
    expect(readClaim({ 'https://opsdeck.example/roles': 'pm' }, 'https://opsdeck.example/roles')).toBe('pm');
    expect(readClaim({ a: ['x'] }, 'a.length')).toBeUndefined();
    expect(mapOidcClaims({ email: 'Ops@Example.com', realm_access: { roles: ['exec'] } }, { usernameClaim: 'email', rolesClaim: 'realm_access.roles' }))
      .toMatchObject({ ok: true, user: { username: 'ops@example.com', roles: ['exec'] } });
  });
});

describe('OIDC redirects', () => {
  it('keeps hash routes of the app and drops everything else', () => {
    expect(safeReturnTo('#/noc')).toBe('#/noc');
    expect(safeReturnTo('#/revenue?tab=arpu&x=1')).toBe('#/revenue?tab=arpu&x=1');
    for (const bad of ['https://evil.example', '//evil.example', '/#/noc', '#noc', 'javascript:alert(1)', '#/a b', '#/<x>', '#/signin?error=x', undefined, 7]) {
      expect(safeReturnTo(bad)).toBe('');
    }
    expect(safeReturnTo(`#/${'a'.repeat(300)}`)).toBe('');
    expect(appLocation('https://evil.example')).toBe('/');
    expect(appLocation('#/noc')).toBe('/#/noc');
  });

  it('puts a readable, encoded message on the sign-in route', () => {
    const loc = signInErrorLocation('No role & no luck #1');
    expect(loc).toBe('/#/signin?error=No%20role%20%26%20no%20luck%20%231');
    expect(new URLSearchParams(loc.slice('/#/signin?'.length)).get('error')).toBe('No role & no luck #1');
  });
});

describe('pending sign-ins', () => {
  const flow = (state: string, browserId = 'b1') => ({ state, nonce: 'n', codeVerifier: 'v', returnTo: '', browserId });

  it('is taken once, by the browser that started it', () => {
    const flows = new OidcPendingFlows();
    flows.add(flow('s1'));
    expect(flows.take('s1', 'other')).toEqual({ ok: false, reason: 'other-browser' });
    expect(flows.take('s1', undefined)).toEqual({ ok: false, reason: 'other-browser' });
    expect(flows.take('s1', 'b1')).toMatchObject({ ok: true, flow: { state: 's1' } });
    expect(flows.take('s1', 'b1')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('expires after ten minutes', () => {
    let t = 1_000_000;
    const flows = new OidcPendingFlows({}, () => t);
    flows.add(flow('s1'));
    flows.add(flow('s2'));
    t += 10 * 60_000 - 1;
    expect(flows.take('s1', 'b1').ok).toBe(true);
    t += 1;
    expect(flows.take('s2', 'b1')).toEqual({ ok: false, reason: 'expired' });
  });

  it('holds at most maxFlows, dropping the oldest', () => {
    const flows = new OidcPendingFlows({ maxFlows: 3 });
    for (const s of ['a', 'b', 'c', 'd']) flows.add(flow(s));
    expect(flows.size).toBe(3);
    expect(flows.take('a', 'b1').ok).toBe(false);
    expect(flows.take('d', 'b1').ok).toBe(true);
  });
});

describe('GET /auth/oidc/config', () => {
  it('says single sign-on is off when it is not configured', async () => {
    const app = Fastify();
    registerOidcConfigRoute(app, null);
    const res = await app.inject({ method: 'GET', url: '/auth/oidc/config' });
    expect(res.json()).toEqual({ enabled: false, label: '' });
    await app.close();
  });
});

describe('GET /auth/oidc/login with the provider down', () => {
  it('sends the browser back to the sign-in page with a message and audits the failure', async () => {
    const port = await freePort(); // nothing listens there
    const audited: AuditRecord[] = [];
    const identity = { audit: { append: async (r: AuditRecord) => { audited.push(r); } } } as unknown as IdentityService;
    const app = Fastify();
    registerOidcRoutes(app, identity, {
      issuer: `http://127.0.0.1:${port}`, clientId: 'opsdeck', clientSecret: null, redirectUrl: 'http://127.0.0.1:1/auth/oidc/callback',
      rolesClaim: 'roles', usernameClaim: 'preferred_username', label: 'SSO',
    }, 3_600_000);
    const res = await app.inject({ method: 'GET', url: '/auth/oidc/login?returnTo=%23%2Fnoc' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^\/#\/signin\?error=Single%20sign-on%20is%20unavailable/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(audited).toMatchObject([{ action: 'auth.login_failed', after: { method: 'oidc', reason: expect.stringMatching(/discovery of/) } }]);
    await app.close();
  });
});
