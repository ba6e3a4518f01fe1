// The audit trail's hash chain: intact after appends, and any edit, deletion or reordering is found at its entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbDriver } from '../../../pipelines/heal/sqlDriver.js';
import { AuditTrail, GENESIS_HASH } from '../../../server/identity/auditTrail.js';
import { auditCsv } from '../../../server/identity/auditCsv.js';

describe('AuditTrail', () => {
  let db: DuckDbDriver;
  let audit: AuditTrail;
  let t = 1_000;
  beforeEach(async () => {
    db = await DuckDbDriver.open(':memory:');
    audit = new AuditTrail(db, () => (t += 1000));
    await audit.init();
    await Promise.all([
      audit.append({ actor: 'admin', action: 'user.created', target: 'nina', after: { roles: ['noc'] } }),
      audit.append({ actor: 'nina', action: 'auth.login', target: 'nina', ip: '10.1.2.3' }),
      audit.append({ actor: 'nina', action: 'silence.added', target: 'silence s1', after: { matchers: { site_id: '3' } } }),
      audit.append({ actor: 'automation', action: 'remediation.started', target: 'ticket 7', before: { state: 'open' }, after: { state: 'acting' } }),
    ]);
  });
  afterEach(async () => { await db.close(); });

  it('chains entries from the genesis hash, in order, concurrent appends included', async () => {
    const all = (await audit.list()).reverse();
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    expect(await audit.verify()).toEqual({ ok: true, checked: 4, brokenAtSeq: null, reason: null });
  });

  it('an edited entry breaks the chain at that entry', async () => {
    await db.exec(`UPDATE opsdeck_audit SET after_json = '{"matchers":{"site_id":"4"}}' WHERE seq = 3`);
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 2, brokenAtSeq: 3, reason: expect.stringMatching(/edited/) });
  });

  it('an edit that also recomputes its own hash is caught at the next entry', async () => {
    const [e] = await db.query<{ hash: string }>('SELECT hash FROM opsdeck_audit WHERE seq = 2');
    await db.exec(`UPDATE opsdeck_audit SET actor = 'someone-else', hash = 'f${e!.hash.slice(1)}' WHERE seq = 2`);
    const r = await audit.verify();
    expect(r.ok).toBe(false);
    expect(r.brokenAtSeq).toBe(2);
  });

  it('a deleted entry is reported as missing', async () => {
    await db.exec('DELETE FROM opsdeck_audit WHERE seq = 2');
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'entry 2 is missing' });
  });

  it('filters by actor, action and time, newest first; CSV keeps every field and defuses formulas', async () => {
    expect((await audit.list({ actor: 'nina' })).map((e) => e.seq)).toEqual([3, 2]);
    expect((await audit.list({ action: 'remediation.started' }))[0]!.target).toBe('ticket 7');
    const all = await audit.list();
    expect((await audit.list({ fromMs: all[1]!.atMs })).map((e) => e.seq)).toEqual([4, 3]);
    const csv = auditCsv([{ ...all[0]!, target: '=HYPERLINK("x")' }]);
    const [head, row] = csv.trim().split('\r\n');
    expect(head).toBe('seq,time_utc,actor,action,target,before,after,ip,prev_hash,hash');
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(all[0]!.hash);
  });
});
