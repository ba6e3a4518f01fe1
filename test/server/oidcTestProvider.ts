// A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 for single sign-on tests, and a tiny
// cookie-keeping HTTP client that walks a browser's redirects and the provider's development login forms.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Account, type ClaimsParameterMember } from 'oidc-provider';
import { freePort } from '../../bench/serverProcess.js';

export { freePort };

export interface TestAccount {
  /** Claims for both the ID token and UserInfo. */
  claims: Record<string, unknown>;
  /** Claims the provider puts into UserInfo only (an IdP that keeps roles out of the ID token). */
  userinfoOnly?: Record<string, unknown>;
}

export interface TestProvider {
  issuer: string;
  /** Paths the provider was asked for, in order (to see, e.g., that the relying party fetched the JWKS). */
  requests: string[];
  /** When set, the next token response's ID token payload is rewritten in transit (its signature left as it was). */
  tamperNextIdToken: ((payload: Record<string, unknown>) => Record<string, unknown>) | null;
  close(): Promise<void>;
}

export async function startOidcProvider(o: { clientId: string; clientSecret: string; redirectUri: string; accounts: Record<string, TestAccount> }): Promise<TestProvider> {
  // The issuer must name the port, so listen first and plug the provider in once it exists.
  let handler: http.RequestListener = (_req, res) => { res.statusCode = 503; res.end(); };
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(pathname);
    if (pathname === '/token' && result.tamperNextIdToken) {
      const tamper = result.tamperNextIdToken;
      result.tamperNextIdToken = null;
      interceptJsonBody(res, (body) => {
        const [header, payload, signature] = String(body.id_token).split('.');
        const altered = tamper(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>);
        return { ...body, id_token: `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}` };
      });
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [{ client_id: o.clientId, client_secret: o.clientSecret, redirect_uris: [o.redirectUri], response_types: ['code'], grant_types: ['authorization_code'] }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    // Scope claims go into the ID token too (as most IdPs are set up for roles); 'roles' is released with 'profile'.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles'], email: ['email'] },
    pkce: { methods: ['S256'], required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx, id): Promise<Account | undefined> {
      const account = o.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims(use: string, _scope: string, _claims: { [key: string]: null | ClaimsParameterMember }, _rejected: string[]) {
          return { sub: id, ...account.claims, ...(use === 'userinfo' ? account.userinfoOnly : {}) };
        },
      };
    },
  });
  handler = provider.callback();
  const result: TestProvider = { issuer, requests, tamperNextIdToken: null, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  return result;
}

/** Rewrites a JSON response body sent with one `end(body)` call (as koa sends it), fixing its length. */
function interceptJsonBody(res: http.ServerResponse, rewrite: (body: Record<string, unknown>) => Record<string, unknown>): void {
  const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
  res.end = ((chunk?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return end(chunk);
    const text = JSON.stringify(rewrite(JSON.parse(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk)) as Record<string, unknown>));
    res.setHeader('content-length', Buffer.byteLength(text));
    return end(text);
  }) as typeof res.end;
}

interface StoredCookie { name: string; value: string; path: string }

/** Cookies per origin, honouring Path, Max-Age=0 and past Expires: enough for OpsDeck and oidc-provider. */
export class CookieJar {
  private readonly byOrigin = new Map<string, StoredCookie[]>();

  store(url: URL, res: Response): void {
    const jar = this.byOrigin.get(url.origin) ?? [];
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      let path = '/';
      let expired = false;
      for (const a of attrs) {
        const [k = '', v = ''] = a.split('=').map((x) => x.trim());
        if (k.toLowerCase() === 'path') path = v;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
        if (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) expired = true;
      }
      const rest = jar.filter((c) => !(c.name === name && c.path === path));
      if (!expired) rest.push({ name, value, path });
      jar.splice(0, jar.length, ...rest);
    }
    this.byOrigin.set(url.origin, jar);
  }

  header(url: URL): string {
    return (this.byOrigin.get(url.origin) ?? []).filter((c) => url.pathname.startsWith(c.path)).map((c) => `${c.name}=${c.value}`).join('; ');
  }

  get(origin: string, name: string): string | undefined {
    return this.byOrigin.get(origin)?.find((c) => c.name === name)?.value;
  }
}

/** One request with the jar's cookies, no automatic redirects. */
export async function send(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
  const u = new URL(url);
  const headers: Record<string, string> = {};
  const cookie = jar.header(u);
  if (cookie) headers.cookie = cookie;
  if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(u, { method: init.method ?? 'GET', headers, redirect: 'manual', body: init.form ? new URLSearchParams(init.form).toString() : null });
  jar.store(u, res);
  return res;
}

/**
 * Follows redirects from `startUrl` like a browser, submitting the provider's development login (as `accountId`)
 * and consent forms, until a redirect points at `stopAt` (the relying party's callback); returns that URL.
 */
export async function walkProviderToCallback(jar: CookieJar, startUrl: string, accountId: string, stopAt: string): Promise<URL> {
  let url = new URL(startUrl);
  for (let step = 0; step < 20; step++) {
    if (url.href.startsWith(stopAt)) return url;
    const res = await send(jar, url.href);
    if (res.status >= 300 && res.status < 400) { url = new URL(res.headers.get('location')!, url); continue; }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status} at ${url.href}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no interaction form at ${url.href}`);
    const form: Record<string, string> = prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt };
    const posted = await send(jar, new URL(action, url).href, { method: 'POST', form });
    if (posted.status < 300 || posted.status >= 400) throw new Error(`form ${prompt} answered ${posted.status}`);
    url = new URL(posted.headers.get('location')!, url);
  }
  throw new Error('too many redirects before the callback');
}
