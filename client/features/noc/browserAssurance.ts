// One NOC window judged in the browser's DuckDB: the rollup SQL (kpi_5m, usage_site_account_day + raw edges) or the
// raw SQL over the last 24 h, both through assuranceFromSqlRows, so either judges a site as the server does.
import {
  assuranceFromSqlRows, servedClassesSql, siteMinuteCountsSql, type ServedClassRow, type SiteMinuteCountsRow, type SlaTargets,
} from '../../../domain/assurance/assuranceSql.js';
import { servedClassesRollupSql, siteMinuteCountsRollupSql } from '../../../domain/assurance/assuranceRollupSql.js';
import type { SiteAssuranceWithTrend } from '../../../domain/assurance/fleetAssurance.js';
import type { SqlRow } from '../../db/duckdbClient.js';
import type { BrowserPlan } from './nocWindowPlan.js';

export type RunSql = <R extends SqlRow>(sql: string) => Promise<R[]>;

/**
 * Assurance of `siteIds` over the plan's window. `usageTable` holds the raw usage rows the rollup plan needs when the
 * browser's own do not reach back far enough (a fetched window, windowUsageCache.ts).
 */
export async function browserAssurance(
  run: RunSql, plan: BrowserPlan, siteIds: readonly number[], targets: SlaTargets, usageTable = 'usage',
): Promise<SiteAssuranceWithTrend[]> {
  const w = plan.window;
  const [counts, served] = plan.via === 'rollup'
    ? await Promise.all([run<SiteMinuteCountsRow>(siteMinuteCountsRollupSql(w, targets)), run<ServedClassRow>(servedClassesRollupSql(w, { usage: usageTable }))])
    : await Promise.all([run<SiteMinuteCountsRow>(siteMinuteCountsSql(w, targets)), run<ServedClassRow>(servedClassesSql(w))]);
  return assuranceFromSqlRows(w, siteIds, counts, served);
}
