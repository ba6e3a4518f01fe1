// The ingest router through createCaller on a real runtime with no source running: every count below is caused by the test.
import { describe, expect, it } from 'vitest';
import { ingestRouter } from '../../server/trpc/ingestRouter.js';
import { t } from '../../server/trpc/trpc.js';
import { routerSuite } from './routerContext.js';

const createCaller = t.createCallerFactory(ingestRouter);

describe('ingestRouter', () => {
  const suite = routerSuite(createCaller);

  it('status starts from zero with the simulator reported (off) and no NATS', async () => {
    const s = await suite.caller.status();
    expect(s.ingest).toMatchObject({ acceptedTotal: 0, duplicatesTotal: 0, deadLetterTotal: 0, deadLetterByReason: {}, flushedRows: 0 });
    expect(s.simulator.speed).toBe(1);
    expect(s.simulator.cursorMs).toBeGreaterThanOrEqual(suite.rc.manifest.endMs);
    expect(s.live).toEqual({ clients: 0, framesSent: 0, rowsSent: 0 });
    expect(s.nats).toBeNull();
  });

  it('ingest accepts good events, dead-letters bad ones with reasons; status and deadLetters show them', async () => {
    const before = await suite.caller.status();
    const good = { ts: before.nowMs - 1000, site_id: 0, latency_ms: 9, jitter_ms: 1, loss_pct: 0, dl_mbps: 500, ul_mbps: 50, prb_util: 0.2, active_users: 3 };
    const r = await suite.caller.ingest({ table: 'kpi', source: 'test', events: [good, { ...good, site_id: 1, latency_ms: 'slow' }, { ...good, site_id: 99_999 }, good] });
    expect(r).toMatchObject({ accepted: 1, rejected: 3, duplicates: 1 });
    expect(r.seq).toBeGreaterThan(before.seq);
    const after = await suite.caller.status();
    expect(after.seq).toBe(r.seq);
    expect(after.ingest).toMatchObject({
      acceptedTotal: 1, duplicatesTotal: 1, deadLetterTotal: 3,
      deadLetterByReason: { 'kpi.wrong_type': 1, 'kpi.unknown_site': 1, 'kpi.duplicate': 1 },
    });
    const recent = await suite.caller.deadLetters({ limit: 2 });
    expect(recent).toHaveLength(2);
    expect(recent.map((d) => d.code)).toEqual(['duplicate', 'unknown_site']);
  });

  it('rejects bad input with BAD_REQUEST', async () => {
    await expect(suite.caller.ingest({ table: 'kpi', events: [], source: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(suite.caller.deadLetters({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
