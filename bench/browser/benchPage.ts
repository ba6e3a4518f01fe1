// The bench page: drives the app's real client modules (DuckDB-WASM worker, history plan + lake files, live dataset) and
// the JSON baseline inside Chromium, and exposes them to the harness as window.opsdeckBench.
import { createOpsDeckClient } from '../../client/api/trpcClient.js';
import { LiveDataset } from '../../client/dataSync/liveDataset.js';
import { fetchHistoryPlan, fetchPlanBytes } from '../../client/dataSync/historyFetch.js';
import { loadHistory } from '../../client/dataSync/historyLoader.js';
import { loadParquetDecoder } from '../../client/dataSync/parquetDecode.js';
import { openDuckDb, type DuckDbClient } from '../../client/db/duckdbClient.js';
import { createStagingSqlFor, createTableSqlFor, stagingTableName } from '../../client/db/tableDdl.js';
import { BASELINE_TABLES, columnarFromPages, type ColumnarDataset } from '../baseline/columnarData.js';
import { JSON_PAGE_HOURS, type JsonSnapshotPage } from '../baseline/jsonSnapshot.js';
import { runBaselineQuery } from '../baseline/baselineQueries.js';
import { JSON_SNAPSHOT_PATH } from '../benchRoutes.js';
import { BUSIEST_PROVINCE_SQL, dashboardSql } from '../queries/dashboardQueries.js';
import type { BenchPageApi } from './benchPageApi.js';

const FACTS = new Set(['usage', 'kpi']);
let db: DuckDbClient | null = null;
let json: ColumnarDataset | null = null;

function needDb(): DuckDbClient {
  if (!db) throw new Error('openDb() first');
  return db;
}

/** Runs tasks with at most `limit` in flight (a browser opens about six connections per host anyway). */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) { const i = next++; out[i] = await tasks[i]!(); }
  }));
  return out;
}

const api: BenchPageApi = {
  async openDb() {
    const t0 = performance.now();
    // The Parquet decoder's WebAssembly is part of opening, as DuckDB's is.
    [db] = await Promise.all([openDuckDb(), loadParquetDecoder()]);
    await db.exclusive(async (ops) => {
      for (const t of BASELINE_TABLES) await ops.exec(createTableSqlFor(t));
      for (const t of ['usage', 'kpi'] as const) await ops.exec(createStagingSqlFor(t));
    });
    return performance.now() - t0;
  },

  // The app's history path: one plan, the lake's own Parquet files decoded and appended in large groups, the hot part as IPC.
  async loadArrow(fromMs) {
    const d = needDb();
    const t0 = performance.now();
    const plan = await fetchHistoryPlan({ tables: BASELINE_TABLES, fromMs, rollups: false });
    if (plan.kind !== 'files') throw new Error(`the bench user got a '${plan.kind}' plan: ${plan.reason}`);
    const done = await loadHistory(plan, {
      turn: (fn) => d.exclusive(fn),
      fetchBytes: (url, signal) => fetchPlanBytes(url, { signal }),
      decodeParquet: await loadParquetDecoder(),
      targets: { tableOf: (t) => t, stagingOf: (t) => stagingTableName(t) },
    });
    const hotRows = plan.tables.reduce((n, t) => n + (t.kind === 'fact' ? t.hot?.rows ?? 0 : 0), 0);
    return { ms: performance.now() - t0, bytes: done.bytesLoaded, rows: done.rowsLoaded, hotRows };
  },

  async loadJson(fromMs, toMs) {
    const t0 = performance.now();
    let bytes = 0;
    const fetchPage = async (url: string): Promise<JsonSnapshotPage> => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const text = await res.text();
      bytes += text.length;
      return JSON.parse(text) as JsonSnapshotPage;
    };
    const step = JSON_PAGE_HOURS * 3_600_000;
    const tasks: { table: (typeof BASELINE_TABLES)[number]; run: () => Promise<JsonSnapshotPage> }[] = [];
    for (const t of BASELINE_TABLES) {
      if (!FACTS.has(t)) { tasks.push({ table: t, run: () => fetchPage(`${JSON_SNAPSHOT_PATH}/${t}`) }); continue; }
      for (let a = fromMs; a < toMs; a += step) {
        const b = Math.min(toMs, a + step);
        tasks.push({ table: t, run: () => fetchPage(`${JSON_SNAPSHOT_PATH}/${t}?from=${a}&to=${b}`) });
      }
    }
    const pages = await pool(tasks.map((x) => x.run), 4);
    const data = Object.fromEntries(BASELINE_TABLES.map((t) =>
      [t, columnarFromPages(t, pages.filter((_, i) => tasks[i]!.table === t))])) as ColumnarDataset;
    json = data;
    return { ms: performance.now() - t0, bytes, rows: BASELINE_TABLES.reduce((n, t) => n + data[t].rows, 0) };
  },

  async busiestProvince() {
    const rows = await needDb().queryRows<{ province: string }>(BUSIEST_PROVINCE_SQL);
    return rows[0]?.province ?? '';
  },

  async runSql(name, p, withResult) {
    const t0 = performance.now();
    const rows = await needDb().queryRows(dashboardSql(name, p));
    const ms = performance.now() - t0;
    return { ms, rows: rows.length, ...(withResult ? { result: rows as Record<string, number | string>[] } : {}) };
  },

  async runJs(name, p, withResult) {
    if (!json) throw new Error('loadJson() first');
    const t0 = performance.now();
    const rows = runBaselineQuery(name, json, p);
    const ms = performance.now() - t0;
    return { ms, rows: rows.length, ...(withResult ? { result: rows } : {}) };
  },

  async memory() {
    const perf = performance as Performance & { memory?: { usedJSHeapSize: number } };
    let duckdbBytes: number | null = null;
    if (db) {
      const r = await db.queryRows<{ b: number | null }>('SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()').catch(() => []);
      duckdbBytes = r[0]?.b ?? null;
    }
    return { jsHeapUsedBytes: perf.memory?.usedJSHeapSize ?? 0, duckdbBytes };
  },

  async stream(seconds) {
    const trpc = createOpsDeckClient();
    const ds = new LiveDataset({ fetchCatalog: () => trpc.catalog.query({}) });
    const t0 = performance.now();
    void ds.start();
    while (!ds.getState().ready) {
      if (ds.getState().phase === 'error') throw new Error(ds.getState().error ?? 'dataset error');
      await new Promise((r) => setTimeout(r, 50));
    }
    const readyMs = performance.now() - t0;
    const s0 = ds.getState();
    const t1 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const s1 = ds.getState();
    const elapsed = (performance.now() - t1) / 1000;
    ds.stop();
    const rowsApplied = s1.liveRowsApplied - s0.liveRowsApplied;
    return { readyMs, seconds: elapsed, rowsApplied, rowsPerSec: rowsApplied / elapsed, resyncs: s1.resyncs - s0.resyncs, snapshotRows: s1.snapshotRows };
  },
};

window.opsdeckBench = api;
document.getElementById('status')!.textContent = 'bench page ready';
