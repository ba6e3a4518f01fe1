// The server's first-paint series equals the diagnostics chart's own SQL (HOURLY_TOKENS_SQL) run in a separate DuckDB over
// the rows the browser would hold (the lake's Parquet from the window start, plus live rows only the hot window has),
// for everyone and for a scoped user; it is reused for its max age and recomputed after.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPaintSinceMs, hourlyTokensSeriesSchema, type HourlyTokensSeries } from '../../schema/firstPaint.js';
import { usageSpec, type Usage } from '../../schema/tables.js';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { DataScope, resolveDataScope, type ScopeSite } from '../../server/identity/dataScope.js';
import { FirstPaintSeries } from '../../server/data/firstPaintSeries.js';
import { HOURLY_TOKENS_SQL } from '../../client/features/spine/spineQueries.js';
import { windowSinceMs } from '../../client/dataSync/timeWindow.js';
import { END_MS, pq, query, tinyLake } from '../fixtures/lakeHelpers.js';

const HOUR = 3_600_000;
const COLUMNS = Object.keys(usageSpec);
const plain = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v);

/** The chart's SQL, verbatim, over a fresh DuckDB table `usage` of the given lake rows and extra (live) rows. */
async function chartSql(dir: string, sinceMs: number, live: readonly Usage[], sites: readonly number[] | null): Promise<HourlyTokensSeries['hourMs'][] | number[][]> {
  const inSites = (col: string) => (sites ? ` AND ${col} IN (${sites.join(', ') || 'NULL'})` : '');
  const liveRows = live.filter((r) => !sites || sites.includes(r.site_id));
  const values = liveRows.map((r) => `(make_timestamp_ms(${r.ts}), ${r.site_id}, ${r.tokens_in}, ${r.tokens_out})`).join(', ');
  const rows = await query(`
    CREATE TABLE usage AS SELECT ts::TIMESTAMP AS ts, site_id, tokens_in, tokens_out FROM ${pq(dir, 'usage')}
      WHERE ts >= make_timestamp_ms(${sinceMs})${inSites('site_id')};
    ${values ? `INSERT INTO usage VALUES ${values};` : ''}
    ${HOURLY_TOKENS_SQL}`);
  return [rows.map((r) => Number(r.hourMs)), rows.map((r) => Number(r.tokens))];
}

describe('FirstPaintSeries', () => {
  let dir = '';
  let lake: LakeReader;
  let hot: HotWindow;
  let facts: FactReader;
  let sites: ScopeSite[] = [];
  const live: Usage[] = [];
  // The data clock 5.5 h after the lake's end: the window starts 19 h before the end, inside the lake's one day.
  const dataNowMs = END_MS + 5.5 * HOUR;
  const sinceMs = firstPaintSinceMs(dataNowMs);
  let wallMs = 1_000_000;

  /** Live rows copied from lake rows of some sites, moved to `ts` with new event ids (only the hot window has them). */
  function appendLive(from: readonly Usage[], ts: number): Usage[] {
    const rows = from.map((r, i) => ({ ...r, event_id: 9_000_000_000 + live.length + i, ts: ts + i }));
    hot.append('usage', rows as unknown as Record<string, unknown>[]);
    live.push(...rows);
    return rows;
  }

  beforeAll(async () => {
    ({ dir } = await tinyLake());
    lake = await LakeReader.open(dir);
    // The last 6 h of the lake in the hot window, as the server loads it at start-up; earlier hours come from the lake SQL.
    hot = new HotWindow(6, END_MS);
    const recent = await query(`SELECT * FROM ${pq(dir, 'usage')} WHERE epoch_ms(ts) >= ${hot.coverageStartMs} ORDER BY ts`);
    hot.addFromLake('usage', Object.fromEntries(COLUMNS.map((c) => [c, recent.map((r) => plain(r[c]))])));
    facts = new FactReader(lake, hot);
    sites = (await query(`SELECT site_id, province, region FROM ${pq(dir, 'site')}`)).map((r) => ({ site_id: Number(r.site_id), province: String(r.province), region: String(r.region) }));
    const sample = (await query(`SELECT * FROM ${pq(dir, 'usage')} ORDER BY event_id LIMIT 40`)).map((r) => Object.fromEntries(COLUMNS.map((c) => [c, plain(r[c])])) as unknown as Usage);
    // Live rows in an hour the lake already has and in a new hour past its end.
    appendLive(sample.slice(0, 20), END_MS - 0.5 * HOUR);
    appendLive(sample.slice(20), END_MS + 2 * HOUR);
  });
  afterAll(async () => { lake?.close(); if (dir) await rm(path.dirname(dir), { recursive: true, force: true }); });

  const make = (maxAgeMs = 2000) => new FirstPaintSeries({ facts, dataNowMs: () => dataNowMs, wallNowMs: () => wallMs, maxAgeMs });

  it('the window is the browser dataset window (client/dataSync/timeWindow.ts) and cuts the lake', async () => {
    for (const t of [dataNowMs, END_MS, END_MS + 1, END_MS + HOUR - 1, Date.UTC(2026, 2, 29, 1, 59, 59, 999)]) expect(firstPaintSinceMs(t)).toBe(windowSinceMs(t));
    const [before] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'usage')} WHERE epoch_ms(ts) < ${sinceMs}`);
    expect(before!.n).toBeGreaterThan(0);
    expect(sinceMs).toBeLessThan(hot.coverageStartMs);
  });

  it('everyone: the chart SQL over lake + live rows, hour for hour', async () => {
    const got = await make().hourlyTokens(DataScope.ALL);
    const [hourMs, tokens] = await chartSql(dir, sinceMs, live, null);
    expect(hourlyTokensSeriesSchema.parse(got)).toEqual(got);
    expect(got.hourMs.length).toBeGreaterThan(15);
    expect(got.hourMs).toContain(END_MS + 2 * HOUR);
    expect(got).toMatchObject({ sinceMs, asOfMs: wallMs, seq: hot.seq, hourMs, tokens });
  });

  it('a province scope: only its sites tokens, still equal to the chart SQL over those rows', async () => {
    const province = sites[0]!.province;
    const scope = resolveDataScope({ regions: [], provinces: [province] }, sites);
    const inScope = sites.filter((s) => s.province === province).map((s) => s.site_id);
    expect(inScope.length).toBeLessThan(sites.length);
    const series = make();
    const mine = await series.hourlyTokens(scope);
    const all = await series.hourlyTokens(DataScope.ALL);
    const [hourMs, tokens] = await chartSql(dir, sinceMs, live, inScope);
    expect(mine).toMatchObject({ hourMs, tokens });
    expect(mine.tokens.reduce((a, b) => a + b, 0)).toBeLessThan(all.tokens.reduce((a, b) => a + b, 0));
    const nobody = await series.hourlyTokens(resolveDataScope({ regions: [], provinces: ['Atlantis'] }, sites));
    expect(nobody).toMatchObject({ hourMs: [], tokens: [] });
  });

  it('is reused within its max age and recomputed after it, with rows that arrived meanwhile', async () => {
    const series = make(2000);
    const first = await series.hourlyTokens(DataScope.ALL);
    const added = appendLive(live.slice(0, 3), END_MS + 3 * HOUR + 60_000);
    wallMs += 1999;
    expect(await series.hourlyTokens(DataScope.ALL)).toBe(first);
    wallMs += 1;
    const next = await series.hourlyTokens(DataScope.ALL);
    expect(next.seq).toBe(first.seq + 1);
    expect(next.asOfMs).toBe(wallMs);
    const i = next.hourMs.indexOf(END_MS + 3 * HOUR);
    expect(next.tokens[i]).toBe(added.reduce((n, r) => n + r.tokens_in + r.tokens_out, 0));
    const [hourMs, tokens] = await chartSql(dir, sinceMs, live, null);
    expect(next).toMatchObject({ hourMs, tokens });
  });

  it('concurrent callers share one computation', async () => {
    wallMs += 10_000;
    const series = make();
    const [a, b] = await Promise.all([series.hourlyTokens(DataScope.ALL), series.hourlyTokens(DataScope.ALL)]);
    expect(a).toBe(b);
  });

  it('the contract refuses a malformed series', () => {
    const ok = { sinceMs: 0, asOfMs: 1, seq: 2, hourMs: [0, HOUR], tokens: [5, 6] };
    expect(hourlyTokensSeriesSchema.safeParse(ok).success).toBe(true);
    expect(hourlyTokensSeriesSchema.safeParse({ ...ok, tokens: [5] }).success).toBe(false);
    expect(hourlyTokensSeriesSchema.safeParse({ ...ok, hourMs: [0, HOUR + 1] }).success).toBe(false);
    expect(hourlyTokensSeriesSchema.safeParse({ ...ok, hourMs: [HOUR, 0] }).success).toBe(false);
    expect(hourlyTokensSeriesSchema.safeParse({ ...ok, tokens: [5, -1] }).success).toBe(false);
    expect(hourlyTokensSeriesSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });
});
