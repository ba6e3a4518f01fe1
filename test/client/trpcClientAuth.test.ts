// Pins the browser client's session plumbing: the CSRF header on mutations only, same-origin cookies, and a 401 reported as expiry.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CSRF_HEADER } from '../../schema/access.js';
import { apiFetch, onSessionExpired } from '../../client/api/apiFetch.js';
import { createOpsDeckClient } from '../../client/api/trpcClient.js';

interface Seen { url: string; method: string; headers: Headers; credentials: RequestCredentials | undefined }

function stubFetch(status: number, body: unknown): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    seen.push({ url: String(input), method: init.method ?? 'GET', headers: new Headers(init.headers), credentials: init.credentials });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return seen;
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('createOpsDeckClient', () => {
  it('sends the session CSRF token with mutations and not with queries', async () => {
    const seen = stubFetch(200, [{ result: { data: null } }]);
    const trpc = createOpsDeckClient({ baseUrl: 'http://x', csrfToken: () => 'tok-1' });
    await trpc.automation.rules.query();
    await trpc.automation.setRuleEnabled.mutate({ ruleId: 'r', enabled: false });
    expect(seen.map((s) => [s.method, s.headers.get(CSRF_HEADER)])).toEqual([['GET', null], ['POST', 'tok-1']]);
    expect(seen.every((s) => s.credentials === 'same-origin')).toBe(true);
  });

  it('reports a 401 answer as an expired session', async () => {
    stubFetch(401, [{ error: { message: 'not signed in', code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401 } } }]);
    const expired = vi.fn();
    const off = onSessionExpired(expired);
    const trpc = createOpsDeckClient({ baseUrl: 'http://x' });
    await expect(trpc.automation.rules.query()).rejects.toThrow();
    off();
    expect(expired).toHaveBeenCalledTimes(1);
  });
});

describe('apiFetch', () => {
  it('does not treat a 401 of a credential check as expiry when told so', async () => {
    stubFetch(401, { error: 'wrong user name or password' });
    const expired = vi.fn();
    const off = onSessionExpired(expired);
    await apiFetch('http://x/auth/login', { method: 'POST' }, { expiresOn401: false });
    await apiFetch('http://x/data/site');
    off();
    expect(expired).toHaveBeenCalledTimes(1);
  });
});
