// NOC interactions as the browser runs them (window change, replay step, province filter, drill-down), timed in DuckDB
// node with one thread (DuckDB-WASM runs on one) over a lake's files loaded as the browser holds them: raw rows of the
// last 24 h, the rollups of the whole lake. Each interaction through the rollup SQL (what the page runs) and through
// the raw SQL over raw tables of the same rows (the baseline); both answers are compared.
// Usage: npx tsx bench/nocBrowserSuite.ts [--lake DIR] [--reps N] [--replicate N]
//   without --lake: the default lake (300 sites, 7 days) and, when generated, .tmp/bench-lakes/big (2,000 sites, 30 days).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SLA_TARGETS_SQL, type SlaTargets } from '../domain/assurance/assuranceSql.js';
import type { SiteAssuranceWithTrend } from '../domain/assurance/fleetAssurance.js';
import type { AssuranceWindow } from '../domain/assurance/latencyAssurance.js';
import { readParquetSql } from '../schema/duckdbSql.js';
import { ROLLUPS, rollupSelectSql, type RollupName } from '../schema/rollups.js';
import { MANIFEST_FILE } from '../pipelines/lake/lakeLayout.js';
import { listTableFiles, readManifest } from '../pipelines/lake/lakeReader.js';
import { ensureRollups, listRollupFiles } from '../pipelines/lake/rollupWriter.js';
import { browserAssurance, type RunSql } from '../client/features/noc/browserAssurance.js';
import {
  DATA_CLOCK_SQL, SITES_SQL, siteAccountsSql, siteLiveSql, siteOpenAlarmsSql, siteSeriesRollupSql, siteSeriesSql, type SiteLiveRow, type SiteMetaRow,
} from '../client/features/noc/nocQueries.js';
import { GRID_MS, planBrowserWindow, planDetail, type BrowserPlan } from '../client/features/noc/nocWindowPlan.js';
import { buildSitePoints, filterSites, rankSitesToFix, selectionFigures, type SitePoint } from '../client/features/noc/siteMapModel.js';
import { windowSinceMs } from '../client/dataSync/timeWindow.js';
import { DEFAULT_LAKE, ensureBenchLake } from './benchLakes.js';
import { timingRecords, type BenchLine } from './benchRecord.js';

const MIN = 60_000;
const DAY = 86_400_000;
const NOC_ROLLUP_TABLES = ['kpi_5m', 'kpi_1h', 'usage_site_account_day'] as const satisfies readonly RollupName[];

export interface NocBrowserSuiteOptions {
  lakeDir: string;
  reps?: number;
  /**
   * Copies every site's rows this many times under new site ids (an estimate of a bigger fleet from a lake at hand:
   * rows per site and window are those of the lake, accounts are shared); 1 = the lake as it is.
   */
  replicate?: number;
  log?: (msg: string) => void;
}

function runner(conn: DuckDBConnection): RunSql {
  return async <R,>(sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as unknown as R[];
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/** A rollup as the lake holds it, or rebuilt from the raw files when the lake was written before a column was added. */
async function rollupSource(lakeDir: string, name: RollupName, run: RunSql): Promise<{ sql: string; rebuilt: boolean }> {
  const files = await listRollupFiles(lakeDir, name);
  const cols = Object.keys(ROLLUPS[name].spec);
  if (files.length) {
    const have = new Set((await run<{ column_name: string }>(`DESCRIBE SELECT * FROM ${readParquetSql(files)}`)).map((r) => r.column_name));
    if (cols.every((c) => have.has(c))) return { sql: `SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM ${readParquetSql(files)}`, rebuilt: false };
  }
  return { sql: rollupSelectSql(name, readParquetSql(await listTableFiles(lakeDir, ROLLUPS[name].source))), rebuilt: true };
}

/**
 * main: what the browser holds (dimensions, raw kpi / usage / alarm since its window start, the rollups of the whole
 * lake); schema base: raw kpi and usage of the last 8 days, which the baseline's raw SQL reads (a second connection
 * puts base first on its search path, so the same SQL text reads them).
 */
async function loadTables(conn: DuckDBConnection, lakeDir: string, log: (m: string) => void): Promise<{ sinceMs: number; rebuilt: string[] }> {
  const run = runner(conn);
  for (const t of ['site', 'tier', 'account'] as const) await conn.run(`CREATE TABLE ${t} AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, t))}`);
  const kpiFiles = readParquetSql(await listTableFiles(lakeDir, 'kpi'));
  const clock = (await run<{ c: number }>(`SELECT (epoch_ms(max(ts)) // 60000 * 60000)::DOUBLE AS c FROM ${kpiFiles}`))[0]!.c;
  const sinceMs = windowSinceMs(clock);
  const since = `ts >= make_timestamp_ms(${sinceMs})`;
  for (const t of ['kpi', 'usage', 'alarm'] as const) {
    await conn.run(`CREATE TABLE ${t} AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, t))} WHERE ${since} ORDER BY ts`);
  }
  const rebuilt: string[] = [];
  for (const n of NOC_ROLLUP_TABLES) {
    const src = await rollupSource(lakeDir, n, run);
    if (src.rebuilt) rebuilt.push(n);
    log(`loading ${n}${src.rebuilt ? ' (rebuilt from raw: the lake\'s files predate a column)' : ''}`);
    await conn.run(`CREATE TABLE ${n} AS SELECT * FROM (${src.sql}) ORDER BY ts`);
  }
  await conn.run('CREATE SCHEMA base');
  const base = `ts >= make_timestamp_ms(${clock - 8 * DAY})`;
  for (const t of ['kpi', 'usage'] as const) {
    await conn.run(`CREATE TABLE base.${t} AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, t))} WHERE ${base} ORDER BY ts`);
  }
  return { sinceMs, rebuilt };
}

const SITE_TABLES = ['site', 'kpi', 'usage', 'alarm', ...NOC_ROLLUP_TABLES, 'base.kpi', 'base.usage'] as const;

/** Every table holding sites, `copies` times over with site ids shifted by the lake's site count per copy. */
async function replicateSites(conn: DuckDBConnection, sites: number, copies: number): Promise<void> {
  for (const t of SITE_TABLES) {
    const order = t === 'site' ? 'site_id' : 'ts, site_id';
    await conn.run(`CREATE OR REPLACE TABLE ${t} AS SELECT * REPLACE ((site_id + c * ${sites})::INTEGER AS site_id) FROM ${t}, range(${copies}) AS copies(c) ORDER BY ${order}`);
  }
}

/** Same judgement, trend within float noise. */
function agree(a: readonly SiteAssuranceWithTrend[], b: readonly SiteAssuranceWithTrend[]): boolean {
  return a.length === b.length && a.every((s, i) => {
    const t = b[i]!;
    const { minutesToBreach: x, ...rest } = s;
    const { minutesToBreach: y, ...other } = t;
    return JSON.stringify(rest) === JSON.stringify(other) && (x === null || y === null ? x === y : Math.abs(x - y) < 1e-6);
  });
}

export async function runNocBrowserSuite(o: NocBrowserSuiteOptions): Promise<BenchLine[]> {
  const log = o.log ?? (() => {});
  const reps = o.reps ?? 15;
  const manifest = await readManifest(o.lakeDir);
  // As a server start does: rollup days missing or built by older SQL are rebuilt (all threads; outside the timings).
  const prep = await DuckDBInstance.create(':memory:');
  const prepConn = await prep.connect();
  const rebuiltDays = await ensureRollups(prepConn, o.lakeDir, log).finally(() => { prepConn.closeSync(); prep.closeSync(); });
  const copies = o.replicate ?? 1;
  const scale = { sites: manifest.sites * copies, accounts: manifest.accounts, days: manifest.days, threads: 1, ...(copies > 1 ? { replicatedFrom: manifest.sites } : {}) };
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const browser = await db.connect();
  const baseline = await db.connect();
  const out: BenchLine[] = [];
  try {
    const t0 = performance.now();
    const { sinceMs, rebuilt } = await loadTables(browser, o.lakeDir, log);
    if ((o.replicate ?? 1) > 1) await replicateSites(browser, manifest.sites, o.replicate!);
    await baseline.run(`SET search_path = 'base,main'`);
    const rows = Object.fromEntries(await Promise.all(['kpi', 'usage', ...NOC_ROLLUP_TABLES, 'base.kpi', 'base.usage'].map(async (t) =>
      [t, (await runner(browser)<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM ${t}`))[0]!.n])));
    out.push({ name: 'noc_browser.load_tables', value: Math.round(performance.now() - t0), unit: 'ms', ...scale, rebuiltRollupDays: rebuiltDays, rebuiltInMemory: rebuilt.join(',') || null, ...rows });

    const runB = runner(browser), runR = runner(baseline);
    const sites = await runB<SiteMetaRow>(SITES_SQL);
    const siteIds = sites.map((s) => s.siteId);
    const t = await runB<{ latencyMs: number; uplinkMbps: number | null }>(SLA_TARGETS_SQL);
    const targets: SlaTargets = { latencyMs: [...new Set(t.map((x) => x.latencyMs))], uplinkMbps: [...new Set(t.flatMap((x) => (x.uplinkMbps === null ? [] : [x.uplinkMbps])))] };
    const clockMs = (await runB<{ latestMinuteMs: number }>(DATA_CLOCK_SQL))[0]!.latestMinuteMs;
    const held = { clockMs, sinceMs, rollups: true };

    /** One refresh of the page: assurance + alarms / users + the map model, as useNocData does it. */
    const refresh = async (run: RunSql, plan: BrowserPlan) => {
      const [assurance, live] = await Promise.all([browserAssurance(run, plan, siteIds, targets), run<SiteLiveRow>(siteLiveSql(plan.window))]);
      const liveMap = new Map(live.map((r) => [r.siteId, r]));
      return { assurance, points: buildSitePoints(sites, assurance, liveMap, new Map(), plan.window) };
    };
    const rawPlan = (w: AssuranceWindow): BrowserPlan => ({ window: w, via: 'raw', fetchUsage: null, shortened: false });

    const measure = async (name: string, planFor: (i: number) => BrowserPlan, extra: Record<string, string | number | boolean> = {}) => {
      const timesRollup: number[] = [], timesRaw: number[] = [];
      let agrees = true;
      for (let i = -1; i < reps; i++) {
        const plan = planFor(Math.max(0, i));
        const a = await timed(() => refresh(runB, plan));
        const b = await timed(() => refresh(runR, rawPlan(plan.window)));
        if (i >= 0) { timesRollup.push(a.ms); timesRaw.push(b.ms); }
        agrees &&= agree(a.value.assurance, b.value.assurance);
      }
      const w = planFor(0).window;
      const ctx = { ...scale, windowMs: w.toMs - w.fromMs, agrees, ...extra };
      out.push(...timingRecords(`noc_browser.${name}.rollup`, timesRollup, ctx), ...timingRecords(`noc_browser.${name}.raw`, timesRaw, ctx));
      log(`${name}: rollup p95 ${Math.max(...timesRollup).toFixed(0)} ms, raw p95 ${Math.max(...timesRaw).toFixed(0)} ms, agrees ${agrees}`);
    };

    const plan = (windowKey: '1h' | '24h' | '7d', replayToMs: number | null) => {
      const p = planBrowserWindow({ windowKey, replayToMs }, held);
      if (!p || p.fetchUsage) throw new Error(`the browser cannot answer ${windowKey} ${replayToMs} from what it holds`);
      return p;
    };
    await measure('window_1h', () => plan('1h', null));
    await measure('window_24h', () => plan('24h', null));
    await measure('window_7d', () => plan('7d', null));
    // The replay slider's steps (10 minutes) two days back: the browser holds no raw row there, the rollups answer alone.
    const replayFrom = Math.floor(clockMs / GRID_MS) * GRID_MS - 2 * DAY;
    await measure('replay_step_24h', (i) => plan('24h', replayFrom - i * 10 * MIN));

    // A province filter recomputes cards, map and list from the snapshot the page holds: no SQL on either path.
    const { points } = await refresh(runB, plan('24h', null));
    const provinces = [...new Set(points.map((p) => p.province))].sort();
    const filterTimes: number[] = [];
    for (let i = -1; i < reps; i++) {
      const f = await timed(async () => {
        const visible: SitePoint[] = filterSites(points, { region: null, province: provinces[Math.max(0, i) % provinces.length]!, tech: null, onlyProblems: false });
        return [selectionFigures(visible), rankSitesToFix(visible)];
      });
      if (i >= 0) filterTimes.push(f.ms);
    }
    out.push(...timingRecords('noc_browser.province_filter', filterTimes, { ...scale, note: 'pure JS over the held snapshot, the same on both paths' }));

    // Drill-down of a site: 24 h (series, open alarms, accounts from the browser) and the 7 d series (its lists come from the server).
    const drill = async (name: string, w: AssuranceWindow, withLists: boolean) => {
      const d = planDetail(w, held);
      const tr: number[] = [], tw: number[] = [];
      let agrees = true;
      for (let i = -1; i < reps; i++) {
        const site = siteIds[(Math.max(0, i) * 37) % siteIds.length]!;
        const lists = (run: RunSql) => (withLists ? Promise.all([run(siteOpenAlarmsSql(site, w)), run(siteAccountsSql(site, w))]) : Promise.resolve([]));
        const a = await timed(() => Promise.all([runB<Record<string, number>>(siteSeriesRollupSql(site, w, d.bucketMs)), lists(runB)]));
        const b = await timed(() => Promise.all([runR<Record<string, number>>(siteSeriesSql(site, w, d.bucketMs)), lists(runR)]));
        if (i >= 0) { tr.push(a.ms); tw.push(b.ms); }
        const [sa, sb] = [a.value[0], b.value[0]];
        agrees &&= sa.length === sb.length && sa.every((p, k) => p.tsMs === sb[k]!.tsMs && p.latencyMs === sb[k]!.latencyMs && Math.abs(p.jitterMs! - sb[k]!.jitterMs!) < 1e-9);
      }
      const ctx = { ...scale, windowMs: w.toMs - w.fromMs, bucketMs: d.bucketMs, agrees };
      out.push(...timingRecords(`noc_browser.${name}.rollup`, tr, ctx), ...timingRecords(`noc_browser.${name}.raw`, tw, ctx));
      log(`${name}: rollup p95 ${Math.max(...tr).toFixed(0)} ms, raw p95 ${Math.max(...tw).toFixed(0)} ms, agrees ${agrees}`);
    };
    await drill('drill_down_24h', plan('24h', null).window, true);
    await drill('drill_down_7d_series', plan('7d', null).window, false);
  } finally {
    browser.closeSync();
    baseline.closeSync();
    db.closeSync();
  }
  return out;
}

async function main(): Promise<void> {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
  const reps = arg('reps') === undefined ? undefined : Number(arg('reps'));
  const replicate = arg('replicate') === undefined ? undefined : Number(arg('replicate'));
  const log = (m: string) => process.stderr.write(`noc-browser: ${m}\n`);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const lakes: string[] = [];
  if (arg('lake')) lakes.push(path.resolve(arg('lake')!));
  else {
    lakes.push((await ensureBenchLake(root, DEFAULT_LAKE, undefined, log)).dir);
    const big = path.join(root, '.tmp/bench-lakes/big');
    if (existsSync(path.join(big, MANIFEST_FILE))) lakes.push(big);
    else console.log(JSON.stringify({ name: 'noc_browser.big_lake', skipped: `no lake at ${big}: npm run fixtures -- --seed 42 --sites 2000 --accounts 200000 --days 30 --out .tmp/bench-lakes/big` }));
  }
  for (const lakeDir of lakes) {
    log(`lake ${lakeDir}`);
    for (const l of await runNocBrowserSuite({ lakeDir, ...(reps ? { reps } : {}), ...(replicate ? { replicate } : {}), log })) console.log(JSON.stringify(l));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
