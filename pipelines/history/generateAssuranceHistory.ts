// The synthetic assurance history, written by one DuckDB query (about a million site-class-days at the default size):
// every (site, class) of the calibration day on every past day, with hashed noise, a network that was a little worse
// a year ago, incidents where the plan put a fault, and accounts and revenue following the operator's growth.
import type { DuckDBConnection } from '@duckdb/node-api';
import { col } from '../../schema/columns.js';
import { quoteLiteral } from '../../schema/duckdbSql.js';
import { STRICTEST_LATENCY_SLA_MS } from '../../schema/tierCatalog.js';
import type { OperatorPlan } from '../simulator/plan/operatorPlan.js';
import type { PlannedFault } from '../simulator/plan/faultPlan.js';
import { mixSeed } from '../simulator/plan/prng.js';
import { stageRows } from '../lake/parquetWriter.js';
import { DAY_MS, utcDayMs } from '../rating/exactMoney.js';
import type { HistoryCalibration } from './historyCalibration.js';
import { dayOfMonth, demandFactor, yearsBefore } from './historySeasonality.js';
import { countUpTo } from './sortedCounts.js';

const calSpec = {
  site_id: col.int32(), province: col.utf8(), region: col.utf8(), tier_id: col.int32(), accounts: col.int32(),
  fee: col.int64(), rev_per_acc: col.float64(), site_u: col.float64(), sla_sens: col.float64(), has_uplink: col.int32(), q_lat: col.float64(), q_up: col.float64(),
  hours0: col.float64(), q_hour: col.float64(), up_bad0: col.int32(),
} as const;
const daySpec = { day: col.int64(), tier_id: col.int32(), acc_factor: col.float64(), years: col.float64(), dim_ratio: col.float64() } as const;
const incidentSpec = { day: col.int64(), site_id: col.int32(), minutes: col.float64() } as const;

/** Floors for a calibration day without any background breach: even a quiet network has a bad site-day now and then. */
const MIN_BAD_DAY_SHARE = 0.005;
const MIN_BAD_DAY_MINUTES = 5;
const MIN_BAD_HOUR_SHARE = 0.05;
/** Share of the chronically short uplink sites replaced by others from one month to the next. */
const UPLINK_CHURN = 0.2;

/** Stages the inputs and copies the generated rows to `file` (the caller renames it into place). */
export async function writeAssuranceHistory(conn: DuckDBConnection, plan: OperatorPlan, cal: HistoryCalibration,
  faultsByDay: ReadonlyMap<number, readonly PlannedFault[]>, fromMs: number, toMs: number, file: string): Promise<number> {
  const tiers = new Map(plan.tiers.map((t) => [t.tier_id, t]));
  const faultSites = new Set((faultsByDay.get(cal.dayMs) ?? []).flatMap((f) => f.siteIds));
  // Background breaches, from the calibration day's sites without an incident. They are concentrated: on a quiet day
  // most sites breach never and a few have a bad day that spoils a stretch of minutes for every class they serve.
  // Spreading the same minutes thinly over every site would put many classes a little under the objective (and owe
  // credits) where the raw days owe almost none, and the report would show a seam at the raw lake's start.
  const quiet = cal.assurance.filter((r) => !faultSites.has(r.site_id));
  // Latency and uplink go bad independently (radio congestion vs backhaul), each at its own rate.
  const latBad = new Set(quiet.filter((r) => r.latency_compliant_minutes < r.measured_minutes).map((r) => r.site_id));
  const upBad = new Set(quiet.filter((r) => r.uplink_compliant_minutes < r.measured_minutes).map((r) => r.site_id));
  const quietSites = new Set(quiet.map((r) => r.site_id)).size;
  const upSites = new Set(quiet.filter((r) => tiers.get(r.tier_id)?.uplink_sla_mbps != null).map((r) => r.site_id)).size;
  const pLatDay = Math.max(MIN_BAD_DAY_SHARE, quietSites ? latBad.size / quietSites : 0);
  const pUpDay = Math.max(MIN_BAD_DAY_SHARE, upSites ? upBad.size / upSites : 0);
  // Per class, on a bad day: mean breach minutes (latency at latency-bad sites, uplink at uplink-bad ones) and the
  // share of hours spoiled at sites bad either way.
  const onBad = new Map<number, { nLat: number; lat: number; nUp: number; up: number; h: number; badH: number }>();
  for (const r of quiet) {
    const s = onBad.get(r.tier_id) ?? { nLat: 0, lat: 0, nUp: 0, up: 0, h: 0, badH: 0 };
    if (latBad.has(r.site_id)) { s.nLat++; s.lat += r.measured_minutes - r.latency_compliant_minutes; }
    if (upBad.has(r.site_id)) { s.nUp++; s.up += r.measured_minutes - r.uplink_compliant_minutes; }
    if (latBad.has(r.site_id) || upBad.has(r.site_id)) { s.h += r.site_hours; s.badH += r.site_hours - r.site_hours_met; }
    onBad.set(r.tier_id, s);
  }
  const perBadDay = (tierId: number, k: 'lat' | 'up') => {
    const s = onBad.get(tierId);
    const [n, sum] = k === 'lat' ? [s?.nLat ?? 0, s?.lat ?? 0] : [s?.nUp ?? 0, s?.up ?? 0];
    return Math.max(k === 'lat' ? MIN_BAD_DAY_MINUTES : 0, n > 0 ? sum / n : 0);
  };
  const qHour = (tierId: number) => {
    const s = onBad.get(tierId);
    return Math.max(MIN_BAD_HOUR_SHARE, s && s.h > 0 ? s.badH / s.h : 0);
  };
  const calRows = cal.assurance.filter((r) => r.accounts > 0).map((r) => {
    const t = tiers.get(r.tier_id)!;
    return {
      site_id: r.site_id, province: r.province, region: r.region, tier_id: r.tier_id, accounts: r.accounts, fee: t.monthly_fee_fen,
      rev_per_acc: r.revenue_fen / r.accounts, site_u: mixSeed(plan.params.seed, r.site_id, 17) / 4294967296, sla_sens: STRICTEST_LATENCY_SLA_MS / t.latency_sla_ms,
      has_uplink: t.uplink_sla_mbps === null ? 0 : 1, q_lat: perBadDay(r.tier_id, 'lat'), q_up: perBadDay(r.tier_id, 'up'),
      hours0: r.site_hours, q_hour: qHour(r.tier_id), up_bad0: upBad.has(r.site_id) ? 1 : 0,
    };
  });
  const signups = plan.accounts.map((a) => utcDayMs(a.signup_date)).sort((a, b) => a - b);
  const signedUpBy = (day: number) => countUpTo(signups, day);
  const accounts0 = Math.max(1, signedUpBy(cal.dayMs));
  const dim0 = dayOfMonth(cal.dayMs).daysInMonth;
  const dayRows: Record<string, unknown>[] = [];
  const incidents: Record<string, unknown>[] = [];
  for (let day = fromMs; day < toMs; day += DAY_MS) {
    const growth = signedUpBy(day) / accounts0;
    for (const t of plan.tiers) {
      // Served accounts move with demand, damped: most subscribers use the service every day.
      const demand = demandFactor(t.segment, day) / Math.max(0.05, demandFactor(t.segment, cal.dayMs));
      dayRows.push({ day, tier_id: t.tier_id, acc_factor: growth * demand ** 0.3, years: yearsBefore(day, cal.dayMs), dim_ratio: dim0 / dayOfMonth(day).daysInMonth });
    }
    const bySite = new Map<number, number>();
    for (const f of faultsByDay.get(day) ?? []) {
      // Breach minutes of the strictest class: the hold plus half the ramp and recovery.
      const minutes = Math.max(0, (f.end_ts - f.start_ts - (f.rampMs + f.recoverMs) / 2) / 60_000);
      for (const s of f.siteIds) bySite.set(s, Math.min(1440, (bySite.get(s) ?? 0) + minutes));
    }
    for (const [site_id, minutes] of bySite) incidents.push({ day, site_id, minutes });
  }
  const seed = plan.params.seed;
  // One hash per row, three uniform draws from disjoint bit ranges of it.
  const u = (shift: number) => `(((h >> ${shift}) & 1048575) / 1048576.0)`;
  try {
    await stageRows(conn, 'hist_cal', calSpec, calRows);
    await stageRows(conn, 'hist_day', daySpec, dayRows);
    await stageRows(conn, 'hist_incident', incidentSpec, incidents);
    await conn.run(`COPY (
      WITH b AS (
        SELECT f.day, c.*, f.acc_factor, f.years, f.dim_ratio, coalesce(i.minutes, 0) AS inc,
          hash(${seed}, f.day, c.site_id, c.tier_id) AS h
        FROM hist_cal c JOIN hist_day f USING (tier_id) LEFT JOIN hist_incident i ON i.day = f.day AND i.site_id = c.site_id
      ), r AS (
        SELECT *, ${u(0)} AS u1, ${u(20)} AS u2, ${u(40)} AS u3 FROM b
      ), m AS (
        SELECT *, CASE WHEN u3 < 0.01 THEN 1440 - 60 - floor(u2 * 180) ELSE 1440 END AS measured,
          -- A bad latency day is the site's (every class it serves), likelier at weaker sites and a year ago.
          (hash(${seed}, day, site_id, 7) & 1048575) / 1048576.0 < ${pLatDay} * (0.4 + 1.2 * site_u) * (1 + 0.8 * years) AS lat_day,
          -- Uplink shortfalls are chronic (a backhaul that stays too thin): mostly the sites short on the calibration
          -- day, each month a few others instead (drawn per site and month, not per day, as the raw days show them).
          (hash(${seed}, day // ${30 * DAY_MS}, site_id, 11) & 1048575) / 1048576.0
            < CASE WHEN up_bad0 = 1 THEN ${1 - UPLINK_CHURN} ELSE ${(pUpDay * UPLINK_CHURN) / Math.max(0.01, 1 - pUpDay)} * (1 + 0.8 * years) END AS up_day,
          round(inc * sla_sens * (0.7 + 0.6 * u2)) AS lat_inc
        FROM r
      ), m2 AS (
        SELECT *,
          CASE WHEN lat_day THEN round(q_lat * (0.5 + u1)) ELSE 0 END AS lat_bg,
          CASE WHEN has_uplink = 1 THEN (CASE WHEN up_day THEN round(q_up * (0.5 + u2)) ELSE 0 END) + round(inc * 0.3 * u1) ELSE 0 END AS up_breach
        FROM m
      ), h AS (
        SELECT *, least(ceil(measured / 60), round(hours0 * measured / 1440)) AS hours,
          -- A bad day spoils hours at the calibration day's rate; an incident spoils the hours it spans.
          CASE WHEN lat_bg > 0 OR up_breach > 0 THEN round(least(ceil(measured / 60), round(hours0 * measured / 1440)) * least(1, q_hour * (0.5 + u1))) ELSE 0 END
            + CASE WHEN lat_inc > 0 THEN ceil(lat_inc / 60) + 1 ELSE 0 END AS hours_bad,
          greatest(1, round(accounts * acc_factor * (0.95 + 0.1 * u3))) AS acc
        FROM m2
      )
      SELECT make_timestamp_ms(day)::TIMESTAMP_MS AS day, site_id, province, region, tier_id,
        measured::INTEGER AS measured_minutes,
        (measured - least(measured, lat_bg + lat_inc))::INTEGER AS latency_compliant_minutes,
        (measured - least(measured, up_breach))::INTEGER AS uplink_compliant_minutes,
        hours::INTEGER AS site_hours, (hours - least(hours, hours_bad))::INTEGER AS site_hours_met,
        acc::INTEGER AS accounts, (acc * fee)::BIGINT AS monthly_fee_fen,
        round(rev_per_acc * acc * dim_ratio * (0.95 + 0.1 * u1))::BIGINT AS revenue_fen
      FROM h ORDER BY day, site_id, tier_id
    ) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`);
    return calRows.length * ((toMs - fromMs) / DAY_MS);
  } finally {
    for (const t of ['hist_cal', 'hist_day', 'hist_incident']) await conn.run(`DROP TABLE IF EXISTS ${t}`);
  }
}
