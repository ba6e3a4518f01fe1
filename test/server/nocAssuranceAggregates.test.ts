// The NOC's bounded assurance (lake reduced in DuckDB, hot window folded in one pass, only the last minutes read raw)
// equals the computation it replaced (every raw row through the pure functions, legacyNocAssurance.ts) site by site,
// fen by fen: live windows of 1 h, 24 h and 7 d over lake + hot window, replays, and a minute the hot window's start cuts.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACT_TABLES, TABLES, type Kpi, type Usage } from '../../schema/tables.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { NocService, type AccountRevenueSource } from '../../server/noc/nocService.js';
import { DataScope } from '../../server/identity/dataScope.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';
import { legacyAssurance, legacyDims, type LegacyDims } from './legacyNocAssurance.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1);
// The present: 40 min of live rows after the lake end; the hot window's start falls 25 s into a minute.
const NOW = END + 40 * MIN + 25_000;

/** Revenue per account that depends on the window, so each window attributes different fen. */
const rating: AccountRevenueSource = {
  revenueByAccount: (fromMs, toMs) => {
    const m = new Map<number, number>();
    for (let a = 0; a < 2_000; a++) m.set(a, (a * 7919 + Math.floor(fromMs / MIN) + 3 * Math.floor(toMs / MIN)) % 20_011);
    return m;
  },
  status: () => ({ ready: true, version: 1, asOfMs: END }),
};

let lakeDir = '';
let lake: LakeReader;
let hot: HotWindow;
let facts: FactReader;
let dims: LegacyDims;
let siteIds: number[];

/**
 * Live rows as ingest would append them: the lake's last 40 minutes replayed after its end with a second, sometimes
 * worse, sample in some minutes, usage at sites some accounts never used, and samples in the minute the hot window's
 * start cuts (the lake holds its first part).
 */
async function appendLiveRows(): Promise<void> {
  const kpi = await lake.rows('kpi', { fromMs: END - 40 * MIN, toMs: END });
  const live: Kpi[] = [];
  // Minutes with two samples: the worst one first in some, last in others (the minute is judged by its worst).
  const bad = (k: Kpi, ts: number): Kpi => ({ ...k, ts, latency_ms: k.latency_ms * 4, ul_mbps: k.ul_mbps * 0.1 });
  const good = (k: Kpi, ts: number): Kpi => ({ ...k, ts, latency_ms: k.latency_ms * 0.5, ul_mbps: k.ul_mbps * 3 });
  for (const raw of kpi) {
    const ts = raw.ts + 40 * MIN;
    // Every fourth site's latency ramps up towards its targets, so the trend predicts breaches.
    const k = raw.site_id % 4 ? raw : { ...raw, latency_ms: raw.latency_ms * (1 + (ts - END) / (20 * MIN)) };
    const n = k.site_id + ts / MIN;
    if (n % 3 === 0) live.push(bad(k, ts), good(k, ts + 20_000));
    else if (n % 3 === 1) live.push(good(k, ts), bad(k, ts + 20_000));
    else live.push({ ...k, ts, latency_ms: k.latency_ms * (1 + (k.site_id % 4) * 0.08) });
  }
  const cov = hot.coverageStartMs;
  const cut = Math.floor(cov / MIN) * MIN;
  for (const s of siteIds.slice(0, 5)) {
    live.push({ ...kpi[0]!, site_id: s, ts: cut + 40_000, latency_ms: s % 2 ? 500 : 1, ul_mbps: s % 2 ? 0.5 : 900 });
  }
  hot.append('kpi', live.filter((k) => k.ts < NOW) as never);
  const usage = await lake.rows('usage', { fromMs: END - 40 * MIN, toMs: END });
  const u: Usage[] = usage.map((x, i) => ({
    ...x, event_id: 10_000_000 + i, ts: x.ts + 40 * MIN - 1,
    site_id: i % 5 === 0 ? siteIds[(siteIds.indexOf(x.site_id) + 1) % siteIds.length]! : x.site_id,
  }));
  u.push({ ...usage[0]!, event_id: 20_000_000, ts: cut + 50_000, cached_tokens: 999_999 });
  hot.append('usage', u.filter((x) => x.ts < NOW) as never);
}

beforeAll(async () => {
  lakeDir = (await tinyLake({ seed: 23, sites: 12, accounts: 300, days: 8, endMs: END })).dir;
  lake = await LakeReader.open(lakeDir);
  hot = new HotWindow(24, NOW);
  for (const t of FACT_TABLES) {
    hot.addFromLake(t, await lake.scan(t, { fromMs: hot.coverageStartMs }, { orderBy: [TABLES[t].timeColumn] }) as Record<string, unknown[]>);
  }
  facts = new FactReader(lake, hot);
  dims = await legacyDims(facts);
  siteIds = (await lake.rows('site')).map((s) => s.site_id).sort((a, b) => a - b);
  await appendLiveRows();
}, 180_000);

afterAll(async () => {
  lake?.close();
  if (lakeDir) await rm(path.dirname(lakeDir), { recursive: true, force: true });
});

async function expectEqualToLegacy(f: FactReader, w: { fromMs: number; toMs: number }) {
  const noc = new NocService(f, rating);
  const got = await noc.assurance(w);
  const want = await legacyAssurance(f, dims, w, siteIds, rating.revenueByAccount(w.fromMs, w.toMs));
  expect(got.sites).toEqual(want.sites);
  expect(got.revenue).toEqual(want.revenue);
  expect((await noc.siteRevenue(w)).revenue).toEqual(want.revenue);
  return got;
}

describe('bounded NOC assurance equals the raw-row computation', () => {
  it('live windows of 1 h, 24 h and 7 d over the lake and the hot window', async () => {
    expect(hot.count('kpi', { fromMs: END })).toBeGreaterThan(12 * 40);
    for (const len of [HOUR, DAY, 7 * DAY]) {
      const got = await expectEqualToLegacy(facts, { fromMs: NOW - len, toMs: NOW });
      // Non-trivial: the fixture's faults put some site below objective, and money is attributed.
      expect(got.sites.filter((s) => s.measuredMinutes > 0)).toHaveLength(12);
      expect(got.revenue.reduce((n, r) => n + r.revenueFen, 0)).toBeGreaterThan(0);
      if (len > HOUR) expect(got.fleet.belowObjective).toBeGreaterThan(0);
      // The trend (fitted to raw samples in reading order) predicts breaches somewhere, so its equality is tested too.
      expect(got.sites.filter((s) => s.minutesToBreach !== null).length).toBeGreaterThan(0);
    }
  });

  it('the minute cut by the hot window start counts once, judged by its worst sample from either part', async () => {
    const cut = Math.floor(hot.coverageStartMs / MIN) * MIN;
    expect(hot.coverageStartMs).toBeGreaterThan(cut);
    // Both parts hold samples of that minute.
    expect((await lake.rows('kpi', { fromMs: cut, toMs: hot.coverageStartMs })).length).toBeGreaterThan(0);
    expect(hot.count('kpi', { fromMs: cut, toMs: cut + MIN })).toBeGreaterThan(0);
    // Windows that start, end or sit around it.
    await expectEqualToLegacy(facts, { fromMs: cut - 7 * MIN, toMs: cut + 5 * MIN });
    await expectEqualToLegacy(facts, { fromMs: cut + 10_000, toMs: cut + 50_000 });
    const one = await expectEqualToLegacy(facts, { fromMs: cut, toMs: cut + MIN });
    expect(one.sites.every((s) => s.measuredMinutes === 1)).toBe(true);
  });

  it('replays: windows in the past, across the hot window start, below the lake start, and without a hot window', async () => {
    const replays = [
      { fromMs: END - 2 * DAY - 7 * HOUR + 13_000, toMs: END - 2 * DAY + 17 * MIN + 13_000 },
      { fromMs: END - 30 * HOUR, toMs: END - 12 * HOUR },
      { fromMs: END - 9 * DAY - 5 * MIN, toMs: END - 2 * DAY + 59_999 },
    ];
    for (const w of replays) await expectEqualToLegacy(facts, w);
    const lakeOnly = new FactReader(lake, null);
    for (const w of [...replays, { fromMs: END - 7 * DAY, toMs: END }]) await expectEqualToLegacy(lakeOnly, w);
  });

  it('a scoped user gets the same figures for the sites in scope', async () => {
    const w = { fromMs: NOW - DAY, toMs: NOW };
    const scope = new DataScope(null, new Set(siteIds.slice(2, 6)), null);
    const noc = new NocService(facts, rating);
    const [all, scoped] = await Promise.all([noc.assurance(w), noc.assurance(w, scope)]);
    expect(scoped.sites).toEqual(all.sites.filter((s) => scope.hasSite(s.siteId)));
    expect(scoped.revenue).toEqual(all.revenue.filter((r) => scope.hasSite(r.siteId)));
  });
});

describe('bounded NOC assurance reads aggregates, not raw rows', () => {
  /** A lake reader of its own whose every read into JavaScript is counted (values of the first column). */
  async function countingLake(): Promise<{ lake: LakeReader; values: () => number }> {
    const l = await LakeReader.open(lakeDir);
    let n = 0;
    const count = <T extends Record<string, unknown[]>>(cols: T): T => { n += Object.values(cols)[0]?.length ?? 0; return cols; };
    const { scan, queryColumns, queryRows } = l;
    l.scan = (async (...a: Parameters<typeof scan>) => count(await scan.apply(l, a) as Record<string, unknown[]>)) as typeof scan;
    l.queryColumns = async (sql) => count(await queryColumns.call(l, sql));
    l.queryRows = (async (sql: string) => { const r = await queryRows.call(l, sql); n += r.length; return r; }) as typeof queryRows;
    return { lake: l, values: () => n };
  }

  it('a 7-day window pulls a small fraction of its raw rows into JavaScript (the old path pulled them all)', async () => {
    const w = { fromMs: END - 7 * DAY, toMs: END };
    const raw = (await lake.scan('kpi', w, { columns: ['ts'] })).ts.length + (await lake.scan('usage', w, { columns: ['ts'] })).ts.length;
    const bounded = await countingLake();
    const legacy = await countingLake();
    try {
      const noc = new NocService(new FactReader(bounded.lake, null), rating);
      await noc.sites(); // dimensions are read once per service, not per window
      const before = bounded.values();
      await noc.assurance(w);
      const read = bounded.values() - before;
      await legacyAssurance(new FactReader(legacy.lake, null), dims, w, siteIds, rating.revenueByAccount(w.fromMs, w.toMs));
      // The measurement itself works: the raw-row computation reads every kpi and usage row of the window.
      expect(legacy.values()).toBeGreaterThanOrEqual(raw);
      expect(read).toBeLessThan(raw * 0.05);
    } finally {
      bounded.lake.close();
      legacy.lake.close();
    }
  });
});

describe('after a live flush (raw files and rollups written, chunks marked flushed)', () => {
  it('windows read the flushed rows from the lake and its rollups, and still equal the raw-row computation', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const { LiveFlusher } = await import('../../pipelines/lake/liveFlusher.js');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const before = await new NocService(facts, rating).assurance({ fromMs: NOW - DAY, toMs: NOW });
      expect(hot.lakeCompleteBeforeMs('kpi')).toBeLessThan(NOW);
      await new LiveFlusher(lakeDir, hot, conn, () => null).flush();
      // Everything is in the lake now: the lake part reaches the window's end and nothing is read from memory.
      expect(hot.lakeCompleteBeforeMs('kpi')).toBe(Infinity);
      for (const len of [HOUR, DAY, 7 * DAY]) await expectEqualToLegacy(facts, { fromMs: NOW - len, toMs: NOW });
      expect((await new NocService(facts, rating).assurance({ fromMs: NOW - DAY, toMs: NOW })).sites).toEqual(before.sites);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
