// The history routes through the real app (buildApp, signed-in users): lake files with strong ETags, 304 and byte ranges;
// only lake Parquet files, never a path outside the lake's table / rollup directories; only for unscoped readers of data;
// the plan answers a scoped reader with `scoped`, and a plan's hot part goes to its owner once.
import { readFile, rm, writeFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyPlanSchema, LAKE_FILES_PREFIX, SNAPSHOT_SEQ_HEADER, type FilesPlan } from '../../schema/dataPlane.js';
import { rollupsOf } from '../../schema/rollups.js';
import { buildApp } from '../../server/app.js';
import { pq, query } from '../fixtures/lakeHelpers.js';
import { startRouterContext, type RouterContext } from './routerContext.js';

describe('lake files and history plans over HTTP', () => {
  let rc: RouterContext;
  let app: FastifyInstance;
  let admin = '';
  let noc = '';
  let scoped = '';
  let producer = '';
  let kpiDay = '';
  let kpiUrl = '';

  const get = (url: string, authorization: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { authorization, ...headers } });

  beforeAll(async () => {
    rc = await startRouterContext();
    ({ app } = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 }));
    const [province] = await query(`SELECT province FROM ${pq(rc.lakeDir, 'site')} LIMIT 1`);
    admin = await rc.bearer(['admin']);
    noc = await rc.bearer(['noc']);
    scoped = await rc.bearer(['noc'], { regions: [], provinces: [String(province!.province)] });
    producer = await rc.bearer(['producer']);
    kpiDay = new Date(rc.manifest.startMs).toISOString().slice(0, 10);
    kpiUrl = `${LAKE_FILES_PREFIX}kpi/date=${kpiDay}/part-gen.parquet`;
  });
  afterAll(async () => { await app?.close(); await rc?.close(); });

  it('serves a lake file byte for byte with a strong ETag, and 304 when the client has it', async () => {
    const onDisk = await readFile(path.join(rc.lakeDir, 'kpi', `date=${kpiDay}`, 'part-gen.parquet'));
    const res = await get(kpiUrl, noc);
    expect(res.statusCode).toBe(200);
    expect(Buffer.compare(res.rawPayload, onDisk)).toBe(0);
    expect(res.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await get(kpiUrl, noc, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.byteLength).toBe(0);
    expect((await get(kpiUrl, noc, { 'if-none-match': 'W/"0-0", "other"' })).statusCode).toBe(200);
    expect((await get(kpiUrl, noc, { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
  });

  it('answers byte ranges (206), refuses unsatisfiable ones (416) and ignores a range of another version (If-Range)', async () => {
    const whole = (await get(kpiUrl, noc)).rawPayload;
    const etag = String((await get(kpiUrl, noc)).headers.etag);
    const head = await get(kpiUrl, noc, { range: 'bytes=0-3' });
    expect(head.statusCode).toBe(206);
    expect(head.rawPayload.toString('latin1')).toBe('PAR1');
    expect(head.headers['content-range']).toBe(`bytes 0-3/${whole.byteLength}`);
    // The footer, as a Parquet reader asks for it first.
    const tail = await get(kpiUrl, noc, { range: 'bytes=-8', 'if-range': etag });
    expect(tail.statusCode).toBe(206);
    expect(Buffer.compare(tail.rawPayload, whole.subarray(whole.byteLength - 8))).toBe(0);
    expect(tail.rawPayload.subarray(4).toString('latin1')).toBe('PAR1');
    const mid = await get(kpiUrl, noc, { range: 'bytes=100-' });
    expect(mid.rawPayload.byteLength).toBe(whole.byteLength - 100);
    const beyond = await get(kpiUrl, noc, { range: `bytes=${whole.byteLength}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${whole.byteLength}`);
    const stale = await get(kpiUrl, noc, { range: 'bytes=0-3', 'if-range': '"0-0"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.byteLength).toBe(whole.byteLength);
  });

  it('refuses anything but a lake Parquet file of a table or rollup with a clear 400, and a missing file with 404', async () => {
    const dayDir = path.join(rc.lakeDir, 'kpi', `date=${kpiDay}`);
    await writeFile(path.join(dayDir, 'notes.txt'), 'x');
    await symlink('/etc/passwd', path.join(dayDir, 'link.parquet'));
    try {
      const bad = [
        'kpi/date=2026-01-01/..%2F..%2Fmanifest.json', `kpi/date=${kpiDay}/notes.txt`,
        'fault/fault.parquet', 'manifest.json', `kpi/date=${kpiDay}`, 'kpi/date=..%2F/part-gen.parquet', 'history/revenue_history/x.parquet',
        `kpi/date=${kpiDay}/.hidden.parquet`, `kpi/date=${kpiDay}/part-gen.parquet.tmp`, 'rollup/nope/date=2026-01-01/day.parquet',
        `kpi/date=${kpiDay}/a%00.parquet`, 'kpi%5C..%5Cmanifest.json', `kpi/date=${kpiDay}/%2e%2e`,
      ];
      for (const p of bad) {
        const res = await get(LAKE_FILES_PREFIX + p, admin);
        expect({ p, status: res.statusCode }).toEqual({ p, status: 400 });
        expect(res.json<{ error: string }>().error).toMatch(/lake file path|percent-encoding/);
      }
      // Malformed percent-encoding is refused (by fastify's router before the route, or by the route).
      expect((await get(`${LAKE_FILES_PREFIX}kpi/date=%E0%A4%A/part-gen.parquet`, admin)).statusCode).toBe(400);
      // Dot segments are resolved by the HTTP layer before routing: what is left is another route or a refused lake path.
      for (const p of ['kpi/../../etc/passwd', `kpi/date=${kpiDay}/../../manifest.json`, '%2e%2e/%2e%2e/etc/passwd.parquet']) {
        const res = await get(LAKE_FILES_PREFIX + p, admin);
        expect({ p, refused: [400, 404].includes(res.statusCode) }).toEqual({ p, refused: true });
        expect(res.body).not.toContain('root:');
      }
      // A symlink named like a lake file is not followed.
      expect((await get(`${LAKE_FILES_PREFIX}kpi/date=${kpiDay}/link.parquet`, admin)).statusCode).toBe(404);
    } finally {
      await rm(path.join(dayDir, 'notes.txt'), { force: true });
      await rm(path.join(dayDir, 'link.parquet'), { force: true });
    }
    const missing = await get(`${LAKE_FILES_PREFIX}kpi/date=1999-01-01/part-gen.parquet`, admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: string }>().error).toMatch(/plan again/);
  });

  it('files need data.read and no data scope; the plan tells a scoped reader to use the filtered snapshots', async () => {
    expect((await app.inject({ method: 'GET', url: kpiUrl })).statusCode).toBe(401);
    expect((await get(kpiUrl, producer)).statusCode).toBe(403);
    const refused = await get(kpiUrl, scoped);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: string }>().error).toMatch(/data scope/);
    expect((await get(`${LAKE_FILES_PREFIX}site/site.parquet`, scoped)).statusCode).toBe(403);
    const plan = historyPlanSchema.parse((await get('/data/plan?tables=site,kpi&rollups=1', scoped)).json());
    expect(plan.kind).toBe('scoped');
    expect((await get('/data/plan?tables=kpi', producer)).statusCode).toBe(403);
  });

  it('a plan names every file of its range and every rollup day; its hot part goes once to its owner only', async () => {
    // The lake ended long ago, so the hot window is empty until live rows arrive: three of them.
    const { rt } = rc.ctx;
    const sample = (i: number) => ({ ts: rt.clock.now() - i * 60_000, site_id: rt.sites[0]!.site_id, latency_ms: 10, jitter_ms: 1, loss_pct: 0,
      dl_mbps: 100, ul_mbps: 10, prb_util: 0.5, active_users: 3 });
    rt.hot.append('kpi', [sample(1), sample(2), sample(3)]);
    const res = await get(`/data/plan?tables=site,usage,kpi&from=${rc.manifest.startMs}&rollups=1`, noc);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const plan = historyPlanSchema.parse(res.json()) as FilesPlan;
    expect(plan.kind).toBe('files');
    const kpi = plan.tables.find((t) => t.table === 'kpi');
    if (kpi?.kind !== 'fact') throw new Error('no kpi plan');
    expect(kpi.files.map((f) => f.url)).toContain(kpiUrl);
    expect(kpi.rollups.map((r) => r.name)).toEqual(rollupsOf('kpi'));
    // The lake ended before the hot window starts: every rollup day is below the cut, so every day file is listed.
    for (const r of kpi.rollups) expect({ r: r.name, days: r.files.length }).toEqual({ r: r.name, days: rc.manifest.days });
    // Every listed file is servable as listed, with the plan's ETag.
    for (const f of [...kpi.files, ...kpi.rollups.flatMap((r) => r.files), ...plan.tables.flatMap((t) => t.files)]) {
      const got = await get(f.url, noc, { 'if-none-match': f.etag });
      expect({ url: f.url, status: got.statusCode }).toEqual({ url: f.url, status: 304 });
    }
    const site = plan.tables.find((t) => t.table === 'site')!;
    expect(site.rows).toBe(rc.manifest.sites);
    expect(kpi.hot?.rows).toBe(3);
    expect(kpi.rows).toBe(rc.manifest.rows.kpi! + 3);
    expect((await get(kpi.hot!.url, admin)).statusCode).toBe(410);
    const hot = await get(kpi.hot!.url, noc);
    expect(hot.statusCode).toBe(200);
    expect(Number(hot.headers[SNAPSHOT_SEQ_HEADER])).toBe(plan.seq);
    expect(tableFromIPC(hot.rawPayload).numRows).toBe(kpi.hot!.rows);
    expect((await get(kpi.hot!.url, noc)).statusCode).toBe(410);
  });

  it('rejects bad plan requests with a clear 400', async () => {
    for (const [url, msg] of [
      ['/data/plan', 'tables'], ['/data/plan?tables=', 'at least one'], ['/data/plan?tables=fault', 'not plannable'],
      ['/data/plan?tables=kpi,kpi', 'twice'], ['/data/plan?tables=kpi&from=9&to=3', 'before'],
      ['/data/plan?tables=kpi&to=5&rollups=1', 'open-ended'], ['/data/plan?tables=kpi&extra=1', 'extra'],
      ['/data/hot/abc/fault', 'not a fact table'],
    ] as const) {
      const res = await get(url, noc);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
      expect(res.json<{ error: string }>().error, url).toContain(msg);
    }
  });
});
