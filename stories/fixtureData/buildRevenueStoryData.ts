// Regenerates stories/fixtureData/revenueStoryData.json: `npx tsx stories/fixtureData/buildRevenueStoryData.ts`.
// Rates a tiny seeded lake and runs the explorer's own SQL in DuckDB node, so stories show real rated output.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateLake } from '../../fixtures/generateLake.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { DEFAULT_TIERS } from '../../schema/tierCatalog.js';
import { RevenueService } from '../../server/revenue/revenueService.js';
import { loadRatedTables } from '../../server/revenue/loadRatedTables.js';
import {
  DIMENSIONS_SQL, EMPTY_FILTERS, arpuBySql, breakdownSql, modelMixSql, quotaBurnSql, revenueOverTimeSql, summarySql, topProvincesSql, upsellSummarySql,
  type RevenueFilters,
} from '../../client/features/revenue/revenueQueries.js';
import type { RevenueStoryData } from './revenueStoryData.js';

const FIXTURE = { seed: 7, sites: 30, accounts: 3000, days: 7, endMs: Date.UTC(2026, 9, 29) } as const;

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-story-rev-'));
  const lakeDir = path.join(tmp, 'lake');
  try {
    const manifest = await generateLake({ ...FIXTURE, outDir: lakeDir });
    // "Now" = noon of the last day, so the quota burn-down has a month remainder to forecast.
    const service = new RevenueService(await LakeReader.open(lakeDir), () => FIXTURE.endMs - 12 * 3_600_000, { info() {}, error() {} });
    const snap = await service.refresh();
    if (!snap) throw new Error(service.lastError ?? 'rating failed');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await loadRatedTables(conn, snap, tmp);
    const q = async <T>(sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
    const views = async (f: RevenueFilters) => ({
      summary: (await q<never>(summarySql(f)))[0]!,
      overTime: await q<never>(revenueOverTimeSql(f)),
      arpu: await q<never>(arpuBySql(f, 'segment')),
      provinces: await q<never>(topProvincesSql(f)),
      models: await q<never>(modelMixSql(f)),
      breakdown: await q<never>(breakdownSql(f)),
      burn: await q<never>(quotaBurnSql(f, 30)),
      upsell: (await q<never>(upsellSummarySql(f)))[0]!,
    });
    const days = (await q<{ lo: number; hi: number }>(DIMENSIONS_SQL.days))[0]!;
    const data: RevenueStoryData = {
      fixture: { ...FIXTURE, startMs: manifest.startMs },
      tierNames: Object.fromEntries(DEFAULT_TIERS.map((t) => [t.tier_id, t.name])),
      options: {
        tiers: DEFAULT_TIERS.map((t) => ({ id: t.tier_id, name: t.name })),
        provinces: (await q<{ v: string }>(DIMENSIONS_SQL.provinces)).map((r) => r.v),
        models: (await q<{ v: string }>(DIMENSIONS_SQL.models)).map((r) => r.v),
        minDayMs: days.lo, maxDayMs: days.hi,
      },
      all: await views(EMPTY_FILTERS),
      enterprise: await views({ ...EMPTY_FILTERS, tierIds: [10], grain: 'week' }),
    };
    conn.closeSync();
    db.closeSync();
    await writeFile(path.join(here, 'revenueStoryData.json'), JSON.stringify(data) + '\n');
    console.log(`wrote revenueStoryData.json: revenue ${data.all.summary.revenueFen} fen`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
