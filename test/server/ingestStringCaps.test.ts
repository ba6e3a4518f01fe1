// The 10 MB probe end to end: an event whose string field is over its cap is dead-lettered as too_long through the
// ingest procedure, and only its valid neighbours reach the hot window.
import { describe, expect, it } from 'vitest';
import { ingestRouter } from '../../server/trpc/ingestRouter.js';
import { t } from '../../server/trpc/trpc.js';
import { routerSuite } from './routerContext.js';

const createCaller = t.createCallerFactory(ingestRouter);
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

describe('ingest string caps', () => {
  const suite = routerSuite(createCaller);

  it('10 MB model and probable_cause values are dead-lettered too_long; the valid events are accepted', async () => {
    const { nowMs } = await suite.caller.status();
    const alarm = { ts: nowMs - 1000, alarm_id: 9_000_001, site_id: 0, severity: 'major', probable_cause: 'Baseband unit failure', state: 'raised' };
    const a = await suite.caller.ingest({ table: 'alarm', source: 'test', events: [{ ...alarm, alarm_id: 9_000_002, probable_cause: TEN_MB }, alarm] });
    expect(a).toMatchObject({ accepted: 1, rejected: 1 });
    const account = (await suite.rc.ctx.rt.facts.lake.scan('account', {}, { columns: ['account_id'] })).account_id[0]!;
    const usage = { event_id: 9_000_001, ts: nowMs - 1000, account_id: account, site_id: 0, model: TEN_MB, route: 'edge',
      tokens_in: 10, tokens_out: 20, cached_tokens: 0, ttft_ms: 300, compute_cost_fen_per_mtok: 200 };
    expect(await suite.caller.ingest({ table: 'usage', source: 'test', events: [usage] })).toMatchObject({ accepted: 0, rejected: 1 });
    const s = await suite.caller.status();
    expect(s.ingest.deadLetterByReason).toMatchObject({ 'alarm.too_long': 1, 'usage.too_long': 1 });
    const recent = await suite.caller.deadLetters({ limit: 2 });
    expect(recent.map((d) => [d.code, d.reason])).toEqual([
      ['too_long', `field 'model' is ${TEN_MB.length} characters long; the limit is 64`],
      ['too_long', `field 'probable_cause' is ${TEN_MB.length} characters long; the limit is 256`],
    ]);
    // Nothing of the long values is in the hot window.
    const hot = suite.rc.ctx.rt.hot.select('alarm', { fromMs: nowMs - 60_000 });
    expect(hot.reduce((n, tb) => n + tb.numRows, 0)).toBe(1);
  });
});
