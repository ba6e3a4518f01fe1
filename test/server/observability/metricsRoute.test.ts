// GET /metrics on a real runtime with no source running (every count is caused by the test), through buildApp's front
// door: the series follow the pipeline's counters exactly, and the route needs status.read like the status procedure.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { startRouterContext, type RouterContext } from '../routerContext.js';

/** `name{labels}` -> value, read back with a parser of its own (not the writer's code). */
function parseExposition(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable line: ${line}`);
    out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}

describe('GET /metrics', () => {
  let rc: RouterContext;
  let app: FastifyInstance;
  let admin = '';
  const kpi = (ts: number, site_id: number) => ({ ts, site_id, latency_ms: 9, jitter_ms: 1, loss_pct: 0, dl_mbps: 500, ul_mbps: 50, prb_util: 0.2, active_users: 3 });
  const scrape = async (authorization = admin) => {
    const res = await app.inject({ url: '/metrics', headers: { authorization } });
    expect(res.statusCode, res.body).toBe(200);
    return { res, series: parseExposition(res.body) };
  };

  beforeAll(async () => {
    rc = await startRouterContext({ automation: true });
    const now = rc.ctx.rt.clock.now();
    // Accepted before the HTTP layer exists (as a source's first ticks are): still counted, per table.
    rc.ctx.rt.ingest.ingest('alarm', [
      { ts: now - 5000, alarm_id: 1, site_id: 0, severity: 'minor', probable_cause: 'x', state: 'raised' },
      { ts: now - 4000, alarm_id: 2, site_id: 1, severity: 'minor', probable_cause: 'y', state: 'raised' },
    ], 'test');
    ({ app } = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 }));
    await rc.ctx.rt.identity.bootstrap('admin-password-for-metrics');
    admin = await rc.bearer(['admin']);
  }, 120_000);
  afterAll(async () => { await app?.close(); await rc?.close(); });

  it('is the text format 0.0.4 with HELP and TYPE for every family', async () => {
    const { res } = await scrape();
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const names = [...res.body.matchAll(/^# TYPE (\S+) (counter|gauge)$/gm)].map((m) => m[1]);
    expect(names).toEqual(expect.arrayContaining([
      'opsdeck_build_info', 'opsdeck_uptime_seconds', 'opsdeck_ingest_events_total', 'opsdeck_ingest_rejected_total', 'opsdeck_ingest_duplicates_total',
      'opsdeck_dead_letters_total', 'opsdeck_lake_unflushed_rows', 'opsdeck_tickets', 'opsdeck_rule_tick_seconds', 'opsdeck_rule_ticks_total',
      'opsdeck_rule_tick_errors_total', 'opsdeck_live_clients', 'opsdeck_alertmanager_alerts_total',
    ]));
    for (const n of names) expect(res.body).toContain(`# HELP ${n} `);
  });

  it('counts accepted events per table, dead letters by reason, rejects and duplicates, as the pipeline does', async () => {
    const rt = rc.ctx.rt;
    const before = (await scrape()).series;
    expect(before.get('opsdeck_ingest_events_total{table="alarm"}')).toBe(2);
    const now = rt.clock.now();
    const r = await rt.durableIngest.ingest('kpi', [kpi(now - 3000, 0), kpi(now - 3000, 1), kpi(now - 3000, 0), kpi(now - 3000, 99_999), { ...kpi(now - 3000, 2), loss_pct: 'x' }], 'test');
    expect(r).toMatchObject({ accepted: 2, rejected: 3, duplicates: 1 });
    const s = (await scrape()).series;
    expect(s.get('opsdeck_ingest_events_total{table="kpi"}')).toBe(2);
    expect(s.get('opsdeck_ingest_events_total{table="usage"}')).toBe(0);
    expect(['usage', 'kpi', 'alarm'].reduce((n, t) => n + s.get(`opsdeck_ingest_events_total{table="${t}"}`)!, 0)).toBe(rt.ingest.acceptedTotal);
    expect(s.get('opsdeck_dead_letters_total{reason="unknown_site",table="kpi"}')).toBe(1);
    expect(s.get('opsdeck_dead_letters_total{reason="wrong_type",table="kpi"}')).toBe(1);
    expect(s.get('opsdeck_dead_letters_total{reason="duplicate",table="kpi"}')).toBe(1);
    expect(s.get('opsdeck_ingest_rejected_total{table="kpi"}')).toBe(2);
    expect(s.get('opsdeck_ingest_duplicates_total{table="kpi"}')).toBe(1);
    // Not yet flushed: the two kpi rows and the two alarm rows wait for the lake.
    expect(s.get('opsdeck_lake_unflushed_rows')).toBe(4);
    expect(s.get('opsdeck_wal_appends_total')).toBe(rt.wal.stats.appends);
  });

  it('tickets by state come from the ticket store; rule ticks, live clients and build info are there', async () => {
    const s = (await scrape()).series;
    const counts = await rc.ctx.rt.automation!.tickets.counts();
    for (const [state, n] of Object.entries(counts)) expect(s.get(`opsdeck_tickets{state="${state}"}`)).toBe(n);
    expect(s.get('opsdeck_rule_ticks_total')).toBe(rc.ctx.rt.automation!.status().ticks);
    expect(s.get('opsdeck_rule_tick_errors_total')).toBe(0);
    expect(s.get('opsdeck_live_clients')).toBe(0);
    expect(s.get(`opsdeck_build_info{node="${process.version}",version="0.1.0"}`)).toBe(1);
    expect(s.get('opsdeck_uptime_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('needs status.read: anonymous 401, a producer 403, a NOC engineer and Basic credentials 200', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: await rc.bearer(['producer']) } })).statusCode).toBe(403);
    await scrape(await rc.bearer(['noc']));
    await scrape(`Basic ${Buffer.from('admin:admin-password-for-metrics').toString('base64')}`);
  });
});
