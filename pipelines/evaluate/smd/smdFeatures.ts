// Detector outputs for an SMD machine, as the rules see a site: the generic, scale-free features (anomaly score,
// which metrics moved, warm-up) come from the same scorer as a site's KPIs; the telecom-specific ones are neutral.
import { baselineCursor, type SeasonalBaseline } from '../../detect/seasonalBaseline.js';
import { describeMoved, movedMetrics, scoreAt, type MovedMetric } from '../../detect/metricScores.js';
import { NOT_RISING_MIN, type SiteFeatures } from '../../detect/siteFeatures.js';
import type { AdverseDirection } from '../../detect/kpiFields.js';

/** SMD metrics are unnamed machine counters scaled to 0..1: either direction can be the fault. */
const BOTH: AdverseDirection = 'both';
/**
 * Sigma floors for metrics of unknown units: an absolute minimum and a share of the history's range, so a flat-lined
 * counter does not turn a wiggle into a huge score whatever its scale.
 */
export const SMD_MIN_SIGMA = 0.01;
export const SMD_RANGE_FLOOR = 0.035;

export interface SmdMinuteFeatures { features: SiteFeatures; moved: MovedMetric[] }

export function smdFeaturesAt(
  machineName: string, b: SeasonalBaseline<string>, values: ArrayLike<number>, ms: number, scores: Float64Array,
): SmdMinuteFeatures {
  const cur = baselineCursor(b, 0, ms);
  for (let i = 0; i < b.metrics.length; i++) scores[i] = scoreAt(b, cur, b.metrics[i]!, values[i]!);
  const { worst, second, moved } = movedMetrics(b.metrics, scores, b.metrics.map(() => BOTH));
  const features: SiteFeatures = {
    site_id: 0, site_name: machineName, tech: 'server', region: '', province: '', transport_node_id: 0,
    has_data: true, stale_minutes: 0, baseline_ready: cur.ready, baseline_samples: b.samples[cur.allKey]!, day_type: cur.dayTypeIndex === 1 ? 'restday' : 'workday',
    sla_ms: 0, latency_ms: 0, latency_base_ms: 0, latency_excess_ms: 0, latency_z: 0, latency_slope_ms_per_min: 0,
    time_to_breach_min: NOT_RISING_MIN, breaching: false, anomalous_minutes: 0,
    jitter_ms: 0, jitter_excess_ms: 0, jitter_z: 0, loss_pct: 0, loss_excess_pct: 0, loss_z: 0,
    dl_change: 0, dl_z: 0, ul_change: 0, ul_z: 0, prb_util: 0, prb_excess: 0, prb_z: 0, users_change: 0, users_z: 0,
    latency_score: 0, jitter_score: 0, loss_score: 0, dl_score: 0, ul_score: 0, prb_score: 0, users_score: 0,
    anomaly_score: Math.round(worst * 100) / 100, co_anomaly_score: Math.round(second * 100) / 100, drop_score: 0, kpis_moved: moved.length, moved_kpis: describeMoved(moved),
    loss_per_latency: 0, jitter_per_latency: 0, prb_per_latency: 0, ul_drop_per_latency: 0, dl_drop_per_latency: 0, users_per_latency: 0,
    node_sites: 1, node_anomalous_sites: 0, node_anomalous_share: 0, node_correlated: false, critical_alarms: 0, major_alarms: 0,
    alarm_causes: [],
  };
  return { features, moved };
}
