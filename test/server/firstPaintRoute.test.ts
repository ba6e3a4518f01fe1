// GET /data/first-paint/hourly-tokens through the real app: readers of data only (data.read), never cached, and a scoped
// user's series holds only their sites' tokens. Expected sums are worked out here from rows this test puts into the hot
// window, plus an independent DuckDB query over the lake's Parquet for whatever of the lake falls in the window.
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_PAINT_HOURLY_TOKENS_PATH, firstPaintSinceMs, hourlyTokensSeriesSchema, type HourlyTokensSeries } from '../../schema/firstPaint.js';
import { usageSpec, type Usage } from '../../schema/tables.js';
import { buildApp } from '../../server/app.js';
import type { Runtime } from '../../server/runtime.js';
import { pq, query } from '../fixtures/lakeHelpers.js';
import { startRouterContext, type RouterContext } from './routerContext.js';

const HOUR = 3_600_000;
const plain = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v);

describe(`GET ${FIRST_PAINT_HOURLY_TOKENS_PATH}`, () => {
  let rc: RouterContext;
  let rt: Runtime;
  let app: FastifyInstance;
  let province = '';
  let inSites: number[] = [];
  let added: Usage[] = [];
  let sinceMs = 0;
  let earlyHour = 0;
  let lateHour = 0;

  /** Tokens per hour of the lake's rows in the window (of `sites`), then of the added rows: the expected series. */
  async function expected(sites: readonly number[] | null): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    const where = sites ? ` AND site_id IN (${sites.join(', ')})` : '';
    const lake = await query(`SELECT (epoch_ms(ts) // ${HOUR}) * ${HOUR} AS h, sum(tokens_in::BIGINT + tokens_out)::DOUBLE AS n
      FROM ${pq(rc.lakeDir, 'usage')} WHERE epoch_ms(ts) >= ${sinceMs}${where} GROUP BY 1`);
    for (const r of lake) out.set(Number(r.h), Number(r.n));
    for (const r of added) {
      if (sites && !sites.includes(r.site_id)) continue;
      const h = Math.floor(r.ts / HOUR) * HOUR;
      out.set(h, (out.get(h) ?? 0) + r.tokens_in + r.tokens_out);
    }
    return out;
  }

  const get = (authorization?: string) => app.inject({ url: FIRST_PAINT_HOURLY_TOKENS_PATH, headers: authorization ? { authorization } : {} });
  const asMap = (s: HourlyTokensSeries) => new Map(s.hourMs.map((h, i) => [h, s.tokens[i]!]));

  beforeAll(async () => {
    rc = await startRouterContext();
    rt = rc.ctx.rt;
    const sites = await query(`SELECT site_id, province FROM ${pq(rc.lakeDir, 'site')} ORDER BY site_id`);
    province = String(sites[0]!.province);
    inSites = sites.filter((s) => s.province === province).map((s) => Number(s.site_id));
    const outSite = Number(sites.find((s) => s.province !== province)!.site_id);
    // Live rows (no source runs here) in two hours of the window, at in-scope and out-of-scope sites: copies of a lake row.
    const [row] = await query(`SELECT * FROM ${pq(rc.lakeDir, 'usage')} LIMIT 1`);
    const template = Object.fromEntries(Object.keys(usageSpec).map((c) => [c, plain(row![c])]));
    const now = rt.clock.now();
    sinceMs = firstPaintSinceMs(now);
    earlyHour = Math.floor((now - 3 * HOUR) / HOUR) * HOUR;
    lateHour = Math.floor((now - HOUR) / HOUR) * HOUR;
    added = [
      { site: inSites[0]!, ts: earlyHour + 1000, tin: 100, tout: 23 },
      { site: inSites[0]!, ts: earlyHour + 2000, tin: 7, tout: 0 },
      { site: outSite, ts: earlyHour + 3000, tin: 5000, tout: 1 },
      { site: outSite, ts: lateHour + 1000, tin: 40, tout: 2 },
    ].map((r, i) => ({ ...template, event_id: 8_000_000_000 + i, site_id: r.site, ts: r.ts, tokens_in: r.tin, tokens_out: r.tout }) as unknown as Usage);
    rt.hot.append('usage', added as unknown as Record<string, unknown>[]);
    ({ app } = await buildApp(rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 }));
  }, 120_000);
  afterAll(async () => { await app?.close(); await rc?.close(); });

  it('refuses anonymous callers (401) and roles without data.read (403)', async () => {
    expect((await get()).statusCode).toBe(401);
    expect((await get(await rc.bearer(['producer']))).statusCode).toBe(403);
  });

  it('an unscoped reader gets every site tokens per hour, validated by the shared schema, never cached', async () => {
    const res = await get(await rc.bearer(['noc']));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const s = hourlyTokensSeriesSchema.parse(res.json());
    expect(s.sinceMs).toBe(sinceMs);
    expect(s.seq).toBe(rt.hot.seq);
    expect(asMap(s)).toEqual(await expected(null));
  });

  it('a province-scoped reader gets only the tokens of that province sites', async () => {
    const res = await get(await rc.bearer(['noc'], { regions: [], provinces: [province] }));
    expect(res.statusCode).toBe(200);
    const s = hourlyTokensSeriesSchema.parse(res.json());
    const want = await expected(inSites);
    expect(want.get(earlyHour)).toBeGreaterThanOrEqual(130);
    expect(asMap(s)).toEqual(want);
    expect(asMap(s).get(earlyHour)).toBeLessThan(5000);
    // The out-of-scope site's hour (only its row there) is absent, not a 0.
    expect(s.hourMs).not.toContain(lateHour);
  });
});
