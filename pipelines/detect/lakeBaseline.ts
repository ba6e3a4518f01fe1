// Seasonal baselines computed by DuckDB over the lake's KPI Parquet (the one SQL path the server and evaluate share).
import type { LakeReader } from '../lake/lakeReader.js';
import { CN_CALENDAR_2026, type DayCalendar } from './dayCalendar.js';
import { baselineFromSqlColumns, baselineSql, noiseSql, type SeasonalBaseline } from './seasonalBaseline.js';

/** Median/MAD per site x slot (all days and per day type) and each site's noise regime over [fromMs, toMs). */
export async function loadSeasonalBaseline(lake: LakeReader, siteIds: readonly number[], fromMs: number, toMs: number, cal: DayCalendar = CN_CALENDAR_2026): Promise<SeasonalBaseline> {
  const source = await lake.source('kpi');
  // One connection: the medians land in a temp table once and the noise pass joins it instead of recomputing them.
  return lake.withConnection(async (conn) => {
    await conn.run(`CREATE TEMP TABLE opsdeck_baseline AS ${baselineSql(source, fromMs, toMs, cal)}`);
    const cols = (await conn.runAndReadAll('SELECT * FROM opsdeck_baseline')).getColumnsObjectJS() as Record<string, unknown[]>;
    const noise = (await conn.runAndReadAll(noiseSql(source, fromMs, toMs, cal, 'opsdeck_baseline'))).getColumnsObjectJS() as Record<string, unknown[]>;
    return baselineFromSqlColumns(siteIds, cols, fromMs, toMs, noise, cal);
  });
}

/** Whether a baseline holds any slot with data (a lake younger than its window has none). */
export function baselineHasData(b: SeasonalBaseline): boolean {
  return Object.values(b.median).some((a) => a.some((x) => !Number.isNaN(x)));
}
