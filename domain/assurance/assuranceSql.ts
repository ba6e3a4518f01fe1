// The SQL twin of countSiteMinutes/servedClassesBySite: DuckDB queries (browser WASM or node) over tables
// kpi/usage/account/tier, and the pure step that turns their rows into SiteAssurance via assessSite.
//
// Why a second path: the browser holds the last 24 h as DuckDB tables and must refresh every
// second at 2,000 sites, so counting is one GROUP BY scan with a FILTER column per distinct SLA
// target (a handful), not a join of minutes x classes. The TS path (fleetAssurance.ts) is what the
// server runs; tests check the two agree.
import {
  DEFAULT_ASSURANCE_POLICY, assessSite, type AssurancePolicy, type AssuranceWindow, type ServedClass,
} from './latencyAssurance.js';
import { minutesToBreach, type LatencyTrend } from './latencyTrend.js';
import type { SiteAssuranceWithTrend } from './fleetAssurance.js';

const TREND_MINUTES = 30;
const TREND_MIN_SAMPLES = 10;

export interface SlaTargets { latencyMs: readonly number[]; uplinkMbps: readonly number[] }

function tsRange(w: AssuranceWindow): string {
  return `ts >= make_timestamp_ms(${Math.floor(w.fromMs)}) AND ts < make_timestamp_ms(${Math.floor(w.toMs)})`;
}
/** Column alias of a target (numbers may have decimals: encode them safely). */
export function latAlias(ms: number): string { return `lat_le_${String(ms).replace('.', '_')}`; }
export function ulAlias(mbps: number): string { return `ul_ge_${String(mbps).replace('.', '_')}`; }

/** An SLA target as a SQL literal. */
export function targetLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite SLA target: ${x}`);
  return `${x}::DOUBLE`;
}

/**
 * First minute (epoch minutes) of the trend and of the current p95: minutes m >= these inside the window count.
 * Samples are stamped at minute starts (as in the TS path), so a minute belongs to the trend when it starts in it.
 */
export function judgedMinutes(w: AssuranceWindow, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): { trendFromMinute: number; currentFromMinute: number } {
  return {
    trendFromMinute: Math.ceil(Math.floor(w.toMs - TREND_MINUTES * 60_000) / 60_000),
    currentFromMinute: Math.ceil(w.toMs / 60_000) - policy.currentMinutes,
  };
}

/** Distinct SLA targets of the tier catalog. */
export const SLA_TARGETS_SQL = `SELECT DISTINCT latency_sla_ms AS "latencyMs", uplink_sla_mbps AS "uplinkMbps" FROM tier`;

/** Per site: measured minutes, compliant minutes per target, current p95 and the latency trend inputs. */
export function siteMinuteCountsSql(w: AssuranceWindow, targets: SlaTargets, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): string {
  const { trendFromMinute, currentFromMinute } = judgedMinutes(w, policy);
  const inTrend = `FILTER (WHERE m >= ${trendFromMinute})`;
  const inCurrent = `FILTER (WHERE m >= ${currentFromMinute})`;
  const cols = [
    ...targets.latencyMs.map((t) => `count(*) FILTER (WHERE lat <= ${targetLiteral(t)})::DOUBLE AS "${latAlias(t)}"`),
    ...targets.uplinkMbps.map((t) => `count(*) FILTER (WHERE ul >= ${targetLiteral(t)})::DOUBLE AS "${ulAlias(t)}"`),
  ];
  return `
WITH k AS (
  SELECT site_id, (epoch_ms(ts) // 60000)::BIGINT AS m, max(latency_ms) AS lat, min(ul_mbps) AS ul
  FROM kpi WHERE ${tsRange(w)} GROUP BY 1, 2)
SELECT site_id AS "siteId", count(*)::DOUBLE AS "measured",
  ${cols.length ? cols.join(',\n  ') + ',' : ''}
  list_sort(list(lat) ${inCurrent})[greatest(1, ceil(0.95 * count(*) ${inCurrent}))::BIGINT] AS "p95",
  count(*) ${inTrend}::DOUBLE AS "trendN",
  regr_slope(lat, m) ${inTrend} AS "trendSlope",
  regr_intercept(lat, m) ${inTrend} AS "trendIntercept",
  max(m) ${inTrend}::DOUBLE AS "trendLastMinute"
FROM k GROUP BY site_id ORDER BY site_id`;
}

/** Per site and tier: distinct accounts with usage at the site in the window and their monthly fees. */
export function servedClassesSql(w: AssuranceWindow): string {
  return `
WITH sa AS (SELECT DISTINCT site_id, account_id FROM usage WHERE ${tsRange(w)})
SELECT sa.site_id AS "siteId", t.tier_id AS "tierId", any_value(t.name) AS "name",
  any_value(t.latency_sla_ms) AS "latencySlaMs", any_value(t.uplink_sla_mbps) AS "uplinkSlaMbps",
  count(*)::DOUBLE AS "accounts", sum(t.monthly_fee_fen)::DOUBLE AS "monthlyFeeFen"
FROM sa JOIN account a USING (account_id) JOIN tier t USING (tier_id)
GROUP BY 1, 2 ORDER BY 1, 2`;
}

export interface SiteMinuteCountsRow {
  siteId: number; measured: number; p95: number | null;
  trendN: number; trendSlope: number | null; trendIntercept: number | null; trendLastMinute: number | null;
  [alias: string]: number | string | boolean | null;
}
export type ServedClassRow = ServedClass & Record<string, number | string | boolean | null>;

/** Joins the two queries' rows into per-site assurance (same judging code as the server's TS path). */
export function assuranceFromSqlRows(
  w: AssuranceWindow, siteIds: readonly number[], counts: readonly SiteMinuteCountsRow[], served: readonly ServedClassRow[],
  policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
): SiteAssuranceWithTrend[] {
  const countsBySite = new Map(counts.map((r) => [r.siteId, r]));
  const servedBySite = new Map<number, ServedClass[]>();
  for (const r of served) {
    const list = servedBySite.get(r.siteId as number) ?? [];
    list.push({ tierId: r.tierId, name: r.name, latencySlaMs: r.latencySlaMs, uplinkSlaMbps: r.uplinkSlaMbps, accounts: r.accounts, monthlyFeeFen: r.monthlyFeeFen });
    servedBySite.set(r.siteId as number, list);
  }
  return siteIds.map((siteId) => {
    const c = countsBySite.get(siteId);
    const classes = servedBySite.get(siteId) ?? [];
    const byTier = new Map<number, { latencyCompliant: number; uplinkCompliant: number | null }>();
    for (const k of classes) {
      const lat = Number(c?.[latAlias(k.latencySlaMs)] ?? 0);
      const ul = k.uplinkSlaMbps === null ? null : Number(c?.[ulAlias(k.uplinkSlaMbps)] ?? 0);
      byTier.set(k.tierId, { latencyCompliant: lat, uplinkCompliant: ul });
    }
    const a = assessSite(w, { siteId, measuredMinutes: c?.measured ?? 0, byTier, currentP95LatencyMs: c?.p95 ?? null }, classes, policy);
    let trend: LatencyTrend | null = null;
    if (c && c.trendN >= TREND_MIN_SAMPLES && c.trendSlope !== null && c.trendIntercept !== null && c.trendLastMinute !== null) {
      trend = { slopeMsPerMin: c.trendSlope, fittedNowMs: c.trendIntercept + c.trendSlope * c.trendLastMinute, samples: c.trendN };
    }
    return { ...a, minutesToBreach: a.strictestSlaMs === null ? null : minutesToBreach(trend, a.strictestSlaMs, TREND_MINUTES) };
  });
}
