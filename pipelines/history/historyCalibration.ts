// Levels the synthetic history continues from: the raw lake's first day, counted in DuckDB with the assurance
// domain's SQL twin (minutes per SLA target, served classes) and one usage GROUP BY, so calibrating costs a
// fraction of a second even at 2,000 sites.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Tier } from '../../schema/tables.js';
import type { AssuranceHistoryRow } from '../../schema/history.js';
import { PAYG_FEN_PER_MTOK } from '../../schema/tierCatalog.js';
import { readParquetSql } from '../../schema/duckdbSql.js';
import {
  latAlias, servedClassesSql, siteMinuteCountsSql, ulAlias, type ServedClassRow, type SiteMinuteCountsRow,
} from '../../domain/assurance/assuranceSql.js';
import type { OperatorPlan } from '../simulator/plan/operatorPlan.js';
import { listTableFiles } from '../lake/lakeReader.js';
import { utcDate } from '../lake/lakeLayout.js';
import { billableCentiTokens } from '../rating/rateAccount.js';
import { DAY_MS } from '../rating/exactMoney.js';
import { monthlyFeeIncrementFen } from './subscriptionDays.js';
import { DEFAULT_ASSURANCE_POLICY } from '../../domain/assurance/latencyAssurance.js';

/** Usage of one tier's accounts on the calibration day, per account signed up by then. */
export interface TierUsage {
  tier: Tier;
  /** Input + output tokens per account. */
  tokensPerAccount: number;
  /** Billable centi-tokens (cached input at the tier's rate) per account. */
  billableCentiPerAccount: number;
  /** Share of the tier's accounts with any usage that day (the paying share of usage-priced plans). */
  activeShare: number;
  /** Accounts signed up by the day. */
  accounts: number;
}

export interface HistoryCalibration {
  dayMs: number;
  tiers: Map<number, TierUsage>;
  /** Per account id: billable centi-tokens on the day (heavy users carry the overage of monthly plans). */
  billableCentiByAccount: Float64Array;
  /** Per site and served class: the day's minutes, site-hours (served and measured) and those meeting the objective, accounts, fees, estimated revenue. */
  assurance: AssuranceHistoryRow[];
}

async function rows<T>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

/** Calibrates from the lake's facts of one UTC day (its partitions must be written). */
export async function calibrateFromDay(conn: DuckDBConnection, lakeDir: string, plan: OperatorPlan, dayMs: number): Promise<HistoryCalibration> {
  const part = `date=${utcDate(dayMs)}`;
  for (const t of ['kpi', 'usage'] as const) {
    const files = (await listTableFiles(lakeDir, t)).filter((f) => f.includes(part));
    if (!files.length) throw new Error(`${lakeDir}: no ${t} facts on ${utcDate(dayMs)} to calibrate the history on`);
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${t} AS SELECT * FROM ${readParquetSql(files)}`);
  }
  for (const t of ['account', 'tier'] as const) {
    const files = await listTableFiles(lakeDir, t);
    if (!files.length) throw new Error(`${lakeDir}: no ${t} dimension`);
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${t} AS SELECT * FROM ${readParquetSql(files)}`);
  }
  const w = { fromMs: dayMs, toMs: dayMs + DAY_MS };
  const targets = {
    latencyMs: [...new Set(plan.tiers.map((t) => t.latency_sla_ms))],
    uplinkMbps: [...new Set(plan.tiers.flatMap((t) => (t.uplink_sla_mbps === null ? [] : [t.uplink_sla_mbps])))],
  };
  const [counts, served, usage, hours] = await Promise.all([
    rows<SiteMinuteCountsRow>(conn, siteMinuteCountsSql(w, targets)),
    rows<ServedClassRow>(conn, servedClassesSql(w)),
    rows<{ account_id: number; tin: number; tout: number; cached: number }>(conn, `SELECT account_id, sum(tokens_in)::DOUBLE AS tin,
      sum(tokens_out)::DOUBLE AS tout, sum(cached_tokens)::DOUBLE AS cached FROM usage
      WHERE ts >= make_timestamp_ms(${w.fromMs}) AND ts < make_timestamp_ms(${w.toMs}) GROUP BY 1`),
    siteHoursByClass(conn, w),
  ]);
  for (const t of ['kpi', 'usage', 'account', 'tier']) await conn.run(`DROP VIEW IF EXISTS ${t}`);

  const n = plan.accounts.length;
  const tierById = new Map(plan.tiers.map((t) => [t.tier_id, t]));
  const used = new Map(usage.map((u) => [u.account_id, u]));
  const billable = new Float64Array(n);
  const sums = new Map<number, { tokens: number; billable: number; active: number; accounts: number; activeRevenueFen: number }>();
  for (const a of plan.accounts) {
    const tier = tierById.get(a.tier_id);
    if (!tier || a.signup_date >= dayMs + DAY_MS) continue;
    const u = used.get(a.account_id);
    const b = u ? Number(billableCentiTokens({ tokensIn: u.tin, tokensOut: u.tout, cachedTokens: u.cached }, tier.cached_rate_pct)) : 0;
    if (a.account_id >= 0 && a.account_id < n) billable[a.account_id] = b;
    const s = sums.get(tier.tier_id) ?? { tokens: 0, billable: 0, active: 0, accounts: 0, activeRevenueFen: 0 };
    s.accounts++;
    if (u) {
      // The day's revenue of an active account, estimated from the plan: its subscription share exactly, usage at list price.
      const usageFen = tier.kind === 'monthly' ? 0 : (b * (tier.kind === 'payg' ? tier.overage_fen_per_mtok : PAYG_FEN_PER_MTOK)) / 1e8;
      s.tokens += u.tin + u.tout; s.billable += b; s.active++;
      s.activeRevenueFen += usageFen + (tier.kind === 'monthly' ? monthlyFeeIncrementFen(tier.monthly_fee_fen, a.signup_date, dayMs) : 0);
    }
    sums.set(tier.tier_id, s);
  }
  const tiers = new Map<number, TierUsage>();
  for (const t of plan.tiers) {
    const s = sums.get(t.tier_id);
    const k = s?.accounts ?? 0;
    tiers.set(t.tier_id, {
      tier: t, accounts: k,
      tokensPerAccount: k ? s!.tokens / k : 0, billableCentiPerAccount: k ? s!.billable / k : 0, activeShare: k ? s!.active / k : 0,
    });
  }
  return { dayMs, tiers, billableCentiByAccount: billable, assurance: assuranceRows(plan, dayMs, counts, served, sums, hours) };
}

/** Per (site, served class): the SQL counts judged per class; an active account's revenue spread over the sites serving its class. */
function assuranceRows(plan: OperatorPlan, dayMs: number, counts: readonly SiteMinuteCountsRow[], served: readonly ServedClassRow[],
  sums: ReadonlyMap<number, { activeRevenueFen: number }>, hours: ReadonlyMap<string, { hours: number; met: number }>): AssuranceHistoryRow[] {
  const site = new Map(plan.sites.map((s) => [s.site_id, s]));
  const countOf = new Map(counts.map((c) => [Number(c.siteId), c]));
  const servedPerTier = new Map<number, number>();
  for (const s of served) servedPerTier.set(Number(s.tierId), (servedPerTier.get(Number(s.tierId)) ?? 0) + Number(s.accounts));
  const out: AssuranceHistoryRow[] = [];
  for (const s of served) {
    const siteId = Number(s.siteId), tierId = Number(s.tierId), accounts = Number(s.accounts);
    const where = site.get(siteId);
    if (!where) continue;
    const c = countOf.get(siteId);
    const measured = Number(c?.measured ?? 0);
    const lat = Number(c?.[latAlias(Number(s.latencySlaMs))] ?? 0);
    const up = s.uplinkSlaMbps === null ? measured : Number(c?.[ulAlias(Number(s.uplinkSlaMbps))] ?? 0);
    const revenuePerServed = (sums.get(tierId)?.activeRevenueFen ?? 0) / Math.max(1, servedPerTier.get(tierId) ?? 0);
    const h = hours.get(`${siteId}|${tierId}`) ?? { hours: 0, met: 0 };
    out.push({
      day: dayMs, site_id: siteId, province: where.province, region: where.region, tier_id: tierId,
      measured_minutes: measured, latency_compliant_minutes: lat, uplink_compliant_minutes: up, site_hours: h.hours, site_hours_met: h.met,
      accounts, monthly_fee_fen: Number(s.monthlyFeeFen), revenue_fen: Math.round(revenuePerServed * accounts),
    });
  }
  return out.sort((a, b) => a.site_id - b.site_id || a.tier_id - b.tier_id);
}

/**
 * Per `${site}|${tier}`: hours with a sample in which the class was served at the site, and those in which it met the
 * objective (latency and uplink assurance over the hour >= DEFAULT_ASSURANCE_POLICY.objectivePct): the executive
 * report's site-hour definition, so the generated past continues the raw days' level instead of guessing it.
 */
async function siteHoursByClass(conn: DuckDBConnection, w: { fromMs: number; toMs: number }): Promise<Map<string, { hours: number; met: number }>> {
  const range = `ts >= make_timestamp_ms(${w.fromMs}) AND ts < make_timestamp_ms(${w.toMs})`;
  const rowsOf = await rows<{ site: number; tier: number; hours: number; met: number }>(conn, `
    WITH k AS (SELECT site_id, (epoch_ms(ts) // 60000)::BIGINT AS m, max(latency_ms) AS lat, min(ul_mbps) AS ul FROM kpi WHERE ${range} GROUP BY 1, 2),
    served AS (SELECT DISTINCT u.site_id, (epoch_ms(u.ts) // 3600000)::BIGINT AS hr, a.tier_id FROM usage u JOIN account a USING (account_id) WHERE ${range})
    SELECT s.site_id::DOUBLE AS site, s.tier_id::DOUBLE AS tier, count(*)::DOUBLE AS hours,
      count(*) FILTER (WHERE 100.0 * h.lat_ok / h.measured >= ${DEFAULT_ASSURANCE_POLICY.objectivePct}
        AND 100.0 * h.ul_ok / h.measured >= ${DEFAULT_ASSURANCE_POLICY.objectivePct})::DOUBLE AS met
    FROM served s JOIN tier t ON t.tier_id = s.tier_id
    JOIN LATERAL (SELECT count(*) AS measured, count(*) FILTER (WHERE k.lat <= t.latency_sla_ms) AS lat_ok,
        count(*) FILTER (WHERE t.uplink_sla_mbps IS NULL OR k.ul >= t.uplink_sla_mbps) AS ul_ok
      FROM k WHERE k.site_id = s.site_id AND k.m // 60 = s.hr) h ON h.measured > 0
    GROUP BY 1, 2`);
  return new Map(rowsOf.map((r) => [`${r.site}|${r.tier}`, { hours: r.hours, met: r.met }]));
}
