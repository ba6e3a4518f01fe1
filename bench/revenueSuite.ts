// Revenue explorer suite: rating time for a lake, rated table sizes and p50/p95 of the page's interaction queries in DuckDB node.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ipcToTable } from '../schema/arrowRows.js';
import { RATED_TABLE_NAMES } from '../schema/ratedTables.js';
import { LakeReader } from '../pipelines/lake/lakeReader.js';
import { RevenueService } from '../server/revenue/revenueService.js';
import { loadRatedTables } from '../server/revenue/loadRatedTables.js';
import {
  EMPTY_FILTERS, arpuBySql, breakdownSql, modelMixSql, quotaBurnSql, revenueOverTimeSql, summarySql, topProvincesSql, upsellSummarySql,
  type RevenueFilters,
} from '../client/features/revenue/revenueQueries.js';
import { timingRecords, type BenchLine } from './benchRecord.js';

const DAY = 86_400_000;
/** Untimed rounds before measuring (DuckDB caches, JIT). */
const WARMUP_ROUNDS = 2;

export interface RevenueSuiteOptions { lakeDir: string; rounds: number }

export async function runRevenueSuite(o: RevenueSuiteOptions): Promise<BenchLine[]> {
  const lake = await LakeReader.open(o.lakeDir);
  const { manifest } = lake;
  const scale = { sites: manifest.sites, accounts: manifest.accounts, days: manifest.days };
  const out: BenchLine[] = [];

  const t0 = performance.now();
  const service = new RevenueService(lake, () => manifest.endMs - 1, { info() {}, error(e) { console.error(e); } });
  const snap = await service.refresh();
  if (!snap) throw new Error(service.lastError ?? 'rating failed');
  out.push({ name: 'revenue.rate_lake', value: Math.round(performance.now() - t0), unit: 'ms', rows: snap.rated.usageRows, ...scale,
    memRssMb: Math.round(process.memoryUsage().rss / 1e6) });
  for (const n of RATED_TABLE_NAMES) out.push({ name: `revenue.rated_table.${n}`, value: snap.ipc[n].byteLength, unit: 'bytes', rows: ipcToTable(snap.ipc[n]).numRows, ...scale });

  // The rated tables as the page holds them: loaded into DuckDB through Parquet, as the lake writer does.
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-revenue-bench-'));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await loadRatedTables(conn, snap, tmp);
    // The interactions a product manager makes; each runs every query of the page, as the page does.
    const last = manifest.endMs;
    const scenarios: Record<string, RevenueFilters> = {
      open: EMPTY_FILTERS,
      tier: { ...EMPTY_FILTERS, tierIds: [10] },
      tier_segment_province: { ...EMPTY_FILTERS, tierIds: [6, 7], segments: ['sme'], provinces: ['Guangdong', 'Jiangsu'] },
      region_channel_week: { ...EMPTY_FILTERS, regions: ['East'], channels: ['online'], grain: 'week' },
      model_filter: { ...EMPTY_FILTERS, models: ['DeepSeek-R1', 'Qwen3-Max'] },
      last_7_days_month: { ...EMPTY_FILTERS, fromMs: last - 7 * DAY, toMs: last, grain: 'month' },
    };
    const pageQueries = (f: RevenueFilters) => [summarySql(f), revenueOverTimeSql(f), arpuBySql(f, 'segment'), topProvincesSql(f), modelMixSql(f), breakdownSql(f), quotaBurnSql(f), upsellSummarySql(f)];
    const all: number[] = [];
    for (const [name, f] of Object.entries(scenarios)) {
      const times: number[] = [];
      for (let i = 0; i < o.rounds + WARMUP_ROUNDS; i++) {
        const s = performance.now();
        for (const sql of pageQueries(f)) await conn.runAndReadAll(sql);
        if (i >= WARMUP_ROUNDS) times.push(performance.now() - s);
      }
      all.push(...times);
      out.push(...timingRecords(`revenue.interaction.${name}`, times, { engine: 'duckdb-node', queries: 8, ...scale }));
    }
    out.push(...timingRecords('revenue.interaction', all, { engine: 'duckdb-node', scenarios: Object.keys(scenarios).length, ...scale }));
  } finally {
    conn.closeSync();
    db.closeSync();
    lake.close();
    await rm(tmp, { recursive: true, force: true });
  }
  return out;
}
