// Seasonal baselines computed by DuckDB over the lake's KPI Parquet (the one SQL path the server and evaluate share).
import type { LakeReader } from '../lake/lakeReader.js';
import { baselineFromSqlColumns, baselineSql, type SeasonalBaseline } from './seasonalBaseline.js';

/** Median/MAD per site x slot over [fromMs, toMs); slots without data stay NaN. */
export async function loadSeasonalBaseline(lake: LakeReader, siteIds: readonly number[], fromMs: number, toMs: number): Promise<SeasonalBaseline> {
  const cols = await lake.queryColumns(baselineSql(await lake.source('kpi'), fromMs, toMs));
  return baselineFromSqlColumns(siteIds, cols, fromMs, toMs);
}

/** Whether a baseline holds any slot with data (a lake younger than its window has none). */
export function baselineHasData(b: SeasonalBaseline): boolean {
  return Object.values(b.median).some((a) => a.some((x) => !Number.isNaN(x)));
}
