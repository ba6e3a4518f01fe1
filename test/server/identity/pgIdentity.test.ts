// Users, sessions, tokens and the audit chain on PostgreSQL (production path): two replicas share one store, and
// concurrent audit appends from both still form one unbroken chain. Skipped, with the reason printed, without a server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgDriver } from '../../../pipelines/heal/pgDriver.js';
import type { SqlDriver } from '../../../pipelines/heal/sqlDriver.js';
import { AuditTrail } from '../../../server/identity/auditTrail.js';
import { IdentityService } from '../../../server/identity/identityService.js';
import { IdentityStore } from '../../../server/identity/identityStore.js';

const URL = process.env.OPSDECK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
let db: SqlDriver | null = null;
let skipReason = '';
try { db = await openPgDriver(URL, 1500); } catch (e) { skipReason = (e as Error).message; }
if (!db) console.warn(`[pgIdentity] skipped: PostgreSQL not reachable at ${URL} (${skipReason})`);

async function replica(driver: SqlDriver): Promise<IdentityService> {
  const store = new IdentityStore(driver);
  await store.init();
  const audit = new AuditTrail(driver);
  await audit.init();
  return new IdentityService(store, audit, { sessionTtlMs: 3_600_000, sessionIdleMs: 3_600_000, lockoutThreshold: 5, lockoutMs: 60_000 });
}

describe.skipIf(!db)('identity and audit on PostgreSQL', () => {
  const schema = `opsdeck_idtest_${process.pid}`;
  let a: SqlDriver;
  let b: SqlDriver;
  beforeAll(async () => {
    await db!.exec(`CREATE SCHEMA ${schema}`);
    const scopedUrl = `${URL}${URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    a = await openPgDriver(scopedUrl);
    b = await openPgDriver(scopedUrl);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db!.exec(`DROP SCHEMA ${schema} CASCADE`);
    await db!.close();
  });

  it('a user created on one replica signs in on the other; concurrent audit appends from both keep one chain', async () => {
    const one = await replica(a);
    const two = await replica(b);
    const [x, y] = await Promise.all([one.bootstrap('pg-admin-password'), two.bootstrap('pg-admin-password')]);
    expect([x.created, y.created].filter(Boolean)).toHaveLength(1);
    expect((await one.admin.users()).map((u) => u.username)).toEqual(['admin']);
    const login = await two.login('admin', 'pg-admin-password', '10.0.0.5');
    expect(login.ok).toBe(true);
    if (!login.ok) return;
    expect((await one.authenticateSession(login.sessionId))?.username).toBe('admin');
    const { secret } = await one.admin.issueToken('admin', { username: 'admin', label: 'pg', expiresInDays: 1 }, null);
    expect((await two.authenticateToken(secret))?.roles).toEqual(['admin']);

    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).audit.append({ actor: 'admin', action: 'rule.saved', target: `rule r${i}` })));
    const check = await one.audit.verify();
    expect(check.ok).toBe(true);
    expect(check.checked).toBeGreaterThanOrEqual(22);
  });
});
