// Detector outputs per site and minute: seasonal residuals, robust z-scores, trend time-to-breach, and
// transport-node correlation. These are the only inputs rules see (never the fault ground truth).
import type { Site } from '../../schema/tables.js';
import { STRICTEST_LATENCY_SLA_MS } from '../../schema/tierCatalog.js';
import type { AlarmState } from './alarmState.js';
import { KPI_ADVERSE, KPI_FIELDS, MINUTE_MS, type KpiField } from './kpiFields.js';
import type { KpiWindow } from './kpiWindow.js';
import { describeMoved, movedMetrics, scoreOfZ, zAt } from './metricScores.js';
import { linearFit, minutesToBreach } from './robustStats.js';
import { dayTypeOf } from './dayCalendar.js';
import { centerAt, cursorAt, slotOf, type BaselineCursor, type SeasonalBaseline } from './seasonalBaseline.js';

export type FeatureType = 'number' | 'string' | 'boolean';
export interface FeatureDoc { type: FeatureType; doc: string }

/** Every feature a rule may name, with its type (the rule loader type-checks `when` against it). */
export const SITE_FEATURES = {
  site_id: { type: 'number', doc: 'site id' },
  site_name: { type: 'string', doc: 'site name' },
  tech: { type: 'string', doc: "radio technology: '5G-A' | '5G' | 'LTE' | 'FTTH-OLT' | 'edge-DC'" },
  region: { type: 'string', doc: 'region of the site' },
  province: { type: 'string', doc: 'province of the site' },
  transport_node_id: { type: 'number', doc: 'transport node the site hangs off' },
  has_data: { type: 'boolean', doc: 'a KPI sample exists for this minute' },
  stale_minutes: { type: 'number', doc: 'minutes since the last KPI sample (0 with data this minute; the window length when none in it): a feed that stopped' },
  baseline_ready: { type: 'boolean', doc: 'the seasonal slot has enough history; when false every z and score is 0 ("not enough history", never a guess)' },
  baseline_samples: { type: 'number', doc: 'samples of history behind this time-of-day slot (about 15 per day): a rule can ask for more history than the warm-up minimum' },
  day_type: { type: 'string', doc: "'workday' | 'restday' in the operator's calendar (weekends, public holidays, make-up working days)" },
  sla_ms: { type: 'number', doc: 'strictest latency SLA target (ms)' },
  latency_ms: { type: 'number', doc: 'p95 RTT this minute' },
  latency_base_ms: { type: 'number', doc: 'seasonal baseline (median for this site and time of day)' },
  latency_excess_ms: { type: 'number', doc: 'latency_ms - latency_base_ms' },
  latency_z: { type: 'number', doc: 'robust z-score of latency vs the seasonal baseline (MAD-scaled)' },
  latency_slope_ms_per_min: { type: 'number', doc: 'least-squares slope of latency over the trend window' },
  time_to_breach_min: { type: 'number', doc: 'minutes until the latency trend crosses sla_ms (0 = breaching, 1e9 = not rising)' },
  breaching: { type: 'boolean', doc: 'latency_ms > sla_ms this minute' },
  anomalous_minutes: { type: 'number', doc: 'consecutive minutes up to now with latency_z >= the anomaly threshold' },
  jitter_ms: { type: 'number', doc: 'jitter this minute' },
  jitter_excess_ms: { type: 'number', doc: 'jitter over its seasonal baseline' },
  jitter_z: { type: 'number', doc: 'robust z-score of jitter' },
  loss_pct: { type: 'number', doc: 'packet loss %' },
  loss_excess_pct: { type: 'number', doc: 'loss over its seasonal baseline (percentage points)' },
  loss_z: { type: 'number', doc: 'robust z-score of loss' },
  dl_change: { type: 'number', doc: 'downlink throughput vs baseline, relative (-0.4 = 40 % lower)' },
  dl_z: { type: 'number', doc: 'robust z-score of downlink throughput' },
  ul_change: { type: 'number', doc: 'uplink throughput vs baseline, relative' },
  ul_z: { type: 'number', doc: 'robust z-score of uplink throughput' },
  prb_util: { type: 'number', doc: 'PRB utilisation 0..1' },
  prb_excess: { type: 'number', doc: 'PRB utilisation over baseline (absolute, 0..1)' },
  prb_z: { type: 'number', doc: 'robust z-score of PRB utilisation' },
  users_change: { type: 'number', doc: 'active users vs baseline, relative' },
  users_z: { type: 'number', doc: 'robust z-score of active users' },
  latency_score: { type: 'number', doc: 'scale-free score of latency: robust z divided by the site\'s own noise regime (q99 |z| / 2.58, at least 1)' },
  jitter_score: { type: 'number', doc: 'scale-free score of jitter' },
  loss_score: { type: 'number', doc: 'scale-free score of loss' },
  dl_score: { type: 'number', doc: 'scale-free score of downlink throughput (negative = drop)' },
  ul_score: { type: 'number', doc: 'scale-free score of uplink throughput (negative = drop)' },
  prb_score: { type: 'number', doc: 'scale-free score of PRB utilisation' },
  users_score: { type: 'number', doc: 'scale-free score of active users (either direction is adverse)' },
  anomaly_score: { type: 'number', doc: 'worst adverse scale-free score over all KPIs, two-sided where the KPI warrants (latency/jitter/loss/PRB up, throughput down, users either way)' },
  co_anomaly_score: { type: 'number', doc: 'second-worst adverse score: >= T means at least two KPIs moved by T together' },
  drop_score: { type: 'number', doc: 'worst drop score of downlink, uplink or active users (throughput falling away, a cell emptying)' },
  kpis_moved: { type: 'number', doc: 'KPIs whose adverse score is >= 4 this minute (multivariate evidence)' },
  moved_kpis: { type: 'string', doc: 'the KPIs that moved and how far, worst first, e.g. "latency_ms +6.2, dl_mbps −5.1"' },
  loss_per_latency: { type: 'number', doc: 'signature: loss excess (pp) per ms of latency excess over the signature window' },
  jitter_per_latency: { type: 'number', doc: 'signature: jitter excess (ms) per ms of latency excess' },
  prb_per_latency: { type: 'number', doc: 'signature: PRB excess (0..1) per ms of latency excess' },
  ul_drop_per_latency: { type: 'number', doc: 'signature: relative uplink drop per ms of latency excess' },
  dl_drop_per_latency: { type: 'number', doc: 'signature: relative downlink drop per ms of latency excess' },
  users_per_latency: { type: 'number', doc: 'signature: relative change of active users per ms of latency excess' },
  node_sites: { type: 'number', doc: 'sites on the same transport node' },
  node_anomalous_sites: { type: 'number', doc: 'sites on the node whose latency_z >= the anomaly threshold' },
  node_anomalous_share: { type: 'number', doc: 'node_anomalous_sites / node_sites' },
  node_correlated: { type: 'boolean', doc: 'at least 2 sites and half of the node are anomalous together: a node-level incident' },
  critical_alarms: { type: 'number', doc: 'critical alarms currently raised at the site' },
  major_alarms: { type: 'number', doc: 'major alarms currently raised at the site' },
} as const satisfies Record<string, FeatureDoc>;

export type SiteFeatureName = keyof typeof SITE_FEATURES;
type TypeOf<T extends FeatureType> = T extends 'number' ? number : T extends 'string' ? string : boolean;
export type SiteFeatures = { -readonly [K in SiteFeatureName]: TypeOf<(typeof SITE_FEATURES)[K]['type']> } & {
  /** Probable causes of the raised alarms (for alarm_open('...') in rules). */
  alarm_causes: string[];
};

export const NOT_RISING_MIN = 1e9;

export interface DetectorConfig {
  slaMs: number;
  /** Minutes of history the trend fit uses. */
  trendMinutes: number;
  /** latency_z at or above which a minute counts as anomalous (anomalous_minutes, node correlation). */
  anomalyZ: number;
  /** Minutes summed for the signature ratios (*_per_latency). */
  signatureMinutes: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = { slaMs: STRICTEST_LATENCY_SLA_MS, trendMinutes: 10, anomalyZ: 4, signatureMinutes: 6 };

export type SiteMeta = Pick<Site, 'site_id' | 'name' | 'tech' | 'region' | 'province' | 'transport_node_id'>;

function ratio(x: number, base: number): number {
  return Number.isFinite(x) && Number.isFinite(base) && base > 0 ? x / base - 1 : 0;
}
const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Features of every site at `minute` (minute index): pure over the window, baseline and alarm state.
 * `prev` are the previous minute's features (same order) for run lengths; pass null on the first tick.
 */
export function computeSiteFeatures(
  sites: readonly SiteMeta[], window: KpiWindow, baseline: SeasonalBaseline, alarms: AlarmState | null,
  minute: number, prev: readonly SiteFeatures[] | null, cfg: DetectorConfig = DEFAULT_DETECTOR_CONFIG,
): SiteFeatures[] {
  const ms = minute * MINUTE_MS;
  const slot = slotOf(ms), dayTypeIndex = dayTypeOf(ms, baseline.calendar) === 'workday' ? 0 : 1;
  const trend = new Float64Array(cfg.trendMinutes);
  const zs = new Float64Array(KPI_FIELDS.length);
  const scores = new Float64Array(KPI_FIELDS.length);
  const out: SiteFeatures[] = new Array(sites.length);
  const NONE = -1;
  for (let s = 0; s < sites.length; s++) {
    const site = sites[s]!;
    // Plain indices instead of per-site closures where it matters: this loop runs sites x minutes times in a replay.
    const wi = window.siteIndex.get(site.site_id) ?? NONE;
    const bi = baseline.siteIndex.get(site.site_id);
    const cur: BaselineCursor | null = bi === undefined ? null : cursorAt(baseline, bi, slot, dayTypeIndex);
    const ready = cur?.ready ?? false;
    const val = (k: KpiField) => (wi === NONE ? NaN : window.at(wi, k, minute));
    const med = (k: KpiField) => (cur === null ? NaN : centerAt(baseline, cur, k));
    for (let i = 0; i < KPI_FIELDS.length; i++) {
      const k = KPI_FIELDS[i]!;
      zs[i] = zAt(baseline, cur, k, val(k));
      scores[i] = scoreOfZ(baseline, cur, k, zs[i]!);
    }
    const z = (k: KpiField) => zs[KPI_INDEX[k]]!;
    const score = (k: KpiField) => scores[KPI_INDEX[k]]!;
    const { worst, second, moved } = movedMetrics(KPI_FIELDS, scores, ADVERSE);
    const lat = val('latency_ms');
    const hasData = Number.isFinite(lat);
    const latZ = z('latency_ms');
    let ttb = NOT_RISING_MIN;
    let slope = 0;
    if (wi !== NONE) {
      window.series(wi, 'latency_ms', minute, cfg.trendMinutes, trend);
      const fit = linearFit(trend);
      slope = fit.slope;
      ttb = minutesToBreach(trend, cfg.slaMs);
    }
    const jitZ = z('jitter_ms'), lossZ = z('loss_pct'), dlZ = z('dl_mbps'), ulZ = z('ul_mbps');
    const open = alarms?.openAt(site.site_id) ?? [];
    const sig = wi === NONE || !cur || !ready ? null : signature(window, wi, baseline, bi!, minute, cfg.signatureMinutes);
    const prevRun = prev?.[s]?.anomalous_minutes ?? 0;
    out[s] = {
      site_id: site.site_id, site_name: site.name, tech: site.tech, region: site.region, province: site.province,
      transport_node_id: site.transport_node_id,
      has_data: hasData,
      stale_minutes: hasData ? 0 : staleMinutes(window, wi, minute),
      baseline_ready: ready,
      baseline_samples: cur === null ? 0 : baseline.samples[cur.allKey]!,
      day_type: cur?.dayTypeIndex === 1 ? 'restday' : 'workday',
      sla_ms: cfg.slaMs,
      latency_ms: hasData ? lat : 0,
      latency_base_ms: r2(med('latency_ms')),
      latency_excess_ms: hasData ? r2(lat - med('latency_ms')) || 0 : 0,
      latency_z: r2(latZ),
      latency_slope_ms_per_min: r2(slope),
      time_to_breach_min: Number.isFinite(ttb) ? r2(ttb) : NOT_RISING_MIN,
      breaching: hasData && lat > cfg.slaMs,
      anomalous_minutes: hasData && latZ >= cfg.anomalyZ ? prevRun + 1 : 0,
      jitter_ms: val('jitter_ms') || 0,
      jitter_excess_ms: r2(val('jitter_ms') - med('jitter_ms')) || 0,
      jitter_z: r2(jitZ),
      loss_pct: val('loss_pct') || 0,
      loss_excess_pct: r2(val('loss_pct') - med('loss_pct')) || 0,
      loss_z: r2(lossZ),
      dl_change: r2(ratio(val('dl_mbps'), med('dl_mbps'))),
      dl_z: r2(dlZ),
      ul_change: r2(ratio(val('ul_mbps'), med('ul_mbps'))),
      ul_z: r2(ulZ),
      prb_util: val('prb_util') || 0,
      prb_excess: r2(val('prb_util') - med('prb_util')) || 0,
      prb_z: r2(z('prb_util')),
      users_change: r2(ratio(val('active_users'), med('active_users'))),
      users_z: r2(z('active_users')),
      latency_score: r2(score('latency_ms')), jitter_score: r2(score('jitter_ms')), loss_score: r2(score('loss_pct')),
      dl_score: r2(score('dl_mbps')), ul_score: r2(score('ul_mbps')), prb_score: r2(score('prb_util')), users_score: r2(score('active_users')),
      anomaly_score: r2(worst),
      co_anomaly_score: r2(second),
      drop_score: r2(Math.max(0, -score('dl_mbps'), -score('ul_mbps'), -score('active_users'))),
      kpis_moved: moved.length,
      moved_kpis: describeMoved(moved),
      loss_per_latency: sig?.loss ?? 0,
      jitter_per_latency: sig?.jitter ?? 0,
      prb_per_latency: sig?.prb ?? 0,
      ul_drop_per_latency: sig?.ulDrop ?? 0,
      dl_drop_per_latency: sig?.dlDrop ?? 0,
      users_per_latency: sig?.users ?? 0,
      node_sites: 1, node_anomalous_sites: 0, node_anomalous_share: 0, node_correlated: false,
      critical_alarms: open.filter((a) => a.severity === 'critical').length,
      major_alarms: open.filter((a) => a.severity === 'major').length,
      alarm_causes: open.map((a) => a.cause),
    };
  }
  correlateByTransportNode(out, cfg.anomalyZ);
  return out;
}

const ADVERSE = KPI_FIELDS.map((k) => KPI_ADVERSE[k]);
const KPI_INDEX = Object.fromEntries(KPI_FIELDS.map((k, i) => [k, i])) as Record<KpiField, number>;

/** Minutes back to the site's last sample inside the window (the window length when there is none). */
function staleMinutes(w: KpiWindow, wi: number, minute: number): number {
  if (wi < 0) return w.minutes;
  for (let back = 1; back < w.minutes; back++) if (Number.isFinite(w.at(wi, 'latency_ms', minute - back))) return back;
  return w.minutes;
}

/**
 * Fault signature: how much each KPI moved per ms of latency excess, summed over the last minutes. Every failure mode
 * degrades latency and its own mix of other KPIs in proportion, so the ratios identify the mode early in a ramp
 * while single-minute values are still noisy. Null when latency has not moved enough to divide by.
 */
function signature(w: KpiWindow, wi: number, b: SeasonalBaseline, bi: number, minute: number, n: number) {
  let lat = 0, loss = 0, jit = 0, prb = 0, ul = 0, dl = 0, users = 0, count = 0;
  for (let m = minute - n + 1; m <= minute; m++) {
    const c = cursorAt(b, bi, slotOf(m * MINUTE_MS), dayTypeOf(m * MINUTE_MS, b.calendar) === 'workday' ? 0 : 1);
    const base = (k: KpiField) => centerAt(b, c, k);
    const l = w.at(wi, 'latency_ms', m) - base('latency_ms');
    if (!Number.isFinite(l)) continue;
    count++;
    lat += l;
    loss += (w.at(wi, 'loss_pct', m) - base('loss_pct')) || 0;
    jit += (w.at(wi, 'jitter_ms', m) - base('jitter_ms')) || 0;
    prb += (w.at(wi, 'prb_util', m) - base('prb_util')) || 0;
    ul -= ratio(w.at(wi, 'ul_mbps', m), base('ul_mbps'));
    dl -= ratio(w.at(wi, 'dl_mbps', m), base('dl_mbps'));
    users += ratio(w.at(wi, 'active_users', m), base('active_users'));
  }
  if (count < 2 || lat < 2) return null;
  const r4 = (x: number) => Math.round((x / lat) * 10000) / 10000;
  return { loss: r4(loss), jitter: r4(jit), prb: r4(prb), ulDrop: r4(ul), dlDrop: r4(dl), users: r4(users) };
}

/**
 * Alarm correlation by topology: sites sharing a transport node that degrade together point at the node.
 * Fills node_sites / node_anomalous_sites / node_anomalous_share in place.
 */
export function correlateByTransportNode(features: SiteFeatures[], anomalyZ: number): void {
  const total = new Map<number, number>();
  const bad = new Map<number, number>();
  for (const f of features) {
    total.set(f.transport_node_id, (total.get(f.transport_node_id) ?? 0) + 1);
    if (f.has_data && f.latency_z >= anomalyZ) bad.set(f.transport_node_id, (bad.get(f.transport_node_id) ?? 0) + 1);
  }
  for (const f of features) {
    const n = total.get(f.transport_node_id) ?? 1;
    const b = bad.get(f.transport_node_id) ?? 0;
    f.node_sites = n;
    f.node_anomalous_sites = b;
    f.node_anomalous_share = r2(b / n);
    f.node_correlated = b >= 2 && b / n >= 0.5;
  }
}
