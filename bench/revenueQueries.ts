// Benchmark of the revenue explorer: rating time for a lake and p50/p95 of the page's interaction queries in DuckDB node.
// Usage: npx tsx bench/revenueQueries.ts [lakeDir] [--rounds N]   (prints one JSON object per line)
// The 2,000 sites / 200k accounts / 30 days lake: npm run fixtures -- --seed 42 --sites 2000 --accounts 200000 --days 30 --end 2026-11-01 --out /tmp/opsdeck3-big
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableToRows, ipcToTable } from '../schema/arrowRows.js';
import { createTableSql } from '../schema/duckdbSql.js';
import { RATED_TABLES, RATED_TABLE_NAMES } from '../schema/ratedTables.js';
import type { TableSpec } from '../schema/columns.js';
import { readManifest } from '../pipelines/lake/lakeReader.js';
import { writeRowsToParquet } from '../pipelines/lake/parquetWriter.js';
import { RevenueService } from '../server/revenue/revenueService.js';
import {
  EMPTY_FILTERS, arpuBySql, breakdownSql, modelMixSql, quotaBurnSql, revenueOverTimeSql, summarySql, topProvincesSql, upsellSummarySql,
  type RevenueFilters,
} from '../client/features/revenue/revenueQueries.js';

const args = process.argv.slice(2);
const lakeDir = args.find((a) => !a.startsWith('--')) ?? process.env.OPSDECK_BENCH_LAKE ?? '/tmp/opsdeck3-big';
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 20) || 20;
const emit = (o: Record<string, unknown>) => console.log(JSON.stringify(o));

if (!existsSync(lakeDir)) {
  emit({ name: 'revenue.skipped', value: 0, unit: 'count', reason: `no lake at ${lakeDir}` });
  process.exit(0);
}
const manifest = await readManifest(lakeDir);
const scale = { sites: manifest.sites, accounts: manifest.accounts, days: manifest.days };
const DAY = 86_400_000;

const t0 = Date.now();
const service = new RevenueService(lakeDir, manifest.startMs, () => manifest.endMs - 1, { info() {}, error(o) { console.error(o); } });
const snap = await service.refresh();
if (!snap) throw new Error(service.lastError ?? 'rating failed');
emit({ name: 'revenue.rate_lake', value: Date.now() - t0, unit: 'ms', ...scale, usageRows: snap.rated.usageRows, memRssMb: Math.round(process.memoryUsage().rss / 1e6) });
for (const n of RATED_TABLE_NAMES) emit({ name: `revenue.rated_table.${n}`, value: snap.ipc[n].byteLength, unit: 'bytes', rows: ipcToTable(snap.ipc[n]).numRows, ...scale });

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
for (const n of RATED_TABLE_NAMES) {
  const spec = RATED_TABLES[n] as TableSpec;
  const file = `${lakeDir}/../opsdeck-bench-${n}.parquet`;
  await writeRowsToParquet(conn, spec, tableToRows(spec, ipcToTable(snap.ipc[n])) as Record<string, unknown>[], file);
  await conn.run(createTableSql(n, spec));
  await conn.run(`INSERT INTO ${n} SELECT * FROM read_parquet('${file}')`);
}

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
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };

const all: number[] = [];
for (const [name, f] of Object.entries(scenarios)) {
  const times: number[] = [];
  for (let i = 0; i < rounds + 2; i++) {
    const s = performance.now();
    for (const sql of pageQueries(f)) await conn.runAndReadAll(sql);
    if (i >= 2) times.push(performance.now() - s); // two warm-up rounds
  }
  all.push(...times);
  emit({ name: `revenue.interaction.${name}.p50`, value: +pct(times, 50).toFixed(2), unit: 'ms', engine: 'duckdb-node', queries: 8, ...scale });
  emit({ name: `revenue.interaction.${name}.p95`, value: +pct(times, 95).toFixed(2), unit: 'ms', engine: 'duckdb-node', queries: 8, ...scale });
}
emit({ name: 'revenue.interaction.p50', value: +pct(all, 50).toFixed(2), unit: 'ms', engine: 'duckdb-node', samples: all.length, ...scale });
emit({ name: 'revenue.interaction.p95', value: +pct(all, 95).toFixed(2), unit: 'ms', engine: 'duckdb-node', samples: all.length, ...scale });
conn.closeSync();
db.closeSync();
