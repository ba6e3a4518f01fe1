// The one status vocabulary for a site, used by map colour, legend, cards, list, tooltip and drill-down alike,
// with the figure that decided it (latency or uplink assurance, the p95 now, or the trend) named as its cause.
import type { SiteAssuranceWithTrend } from './fleetAssurance.js';
import { DEFAULT_ASSURANCE_POLICY } from './latencyAssurance.js';

/**
 * Most urgent first. Exactly one per site:
 * - `breaching`: the p95 latency of the last 15 minutes is above the target of a class served there (now);
 * - `below_objective`: not breaching now, but over the window the latency or uplink assurance of a class is under the
 *   objective (99.5 %): credits are owed;
 * - `at_risk`: objective met and not breaching, but the 30-minute latency trend crosses the strictest target within 30 min;
 * - `met`: none of the above;
 * - `no_data`: no KPI sample in the window (never counted as met).
 */
export const SITE_STATUSES = ['breaching', 'below_objective', 'at_risk', 'met', 'no_data'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

/** The figure that decided a status. */
export type StatusCause =
  /** Latency assurance over the window (% of minutes within target). */
  | 'latency_assurance'
  /** Uplink assurance over the window (% of minutes at or above the guaranteed uplink). */
  | 'uplink_assurance'
  /** p95 latency of the last 15 minutes against a class's target (ms). */
  | 'latency_now'
  /** Minutes until the latency trend crosses the strictest target. */
  | 'latency_trend';

export interface SiteStatusVerdict {
  status: SiteStatus;
  /** null for `no_data`. */
  cause: StatusCause | null;
  /** The deciding figure: % for the assurances, ms for latency_now, minutes for latency_trend. */
  value: number | null;
  /** What it was judged against: the objective %, the target ms (latency_now, latency_trend). */
  target: number | null;
}

export function siteStatusOf(a: SiteAssuranceWithTrend | null, objectivePct = DEFAULT_ASSURANCE_POLICY.objectivePct): SiteStatusVerdict {
  if (!a || a.objectiveMet === null) return { status: 'no_data', cause: null, value: null, target: null };
  const now = a.classes.filter((c) => c.breachingNow);
  if (now.length) {
    return { status: 'breaching', cause: 'latency_now', value: a.currentP95LatencyMs, target: Math.min(...now.map((c) => c.latencySlaMs)) };
  }
  const lat = a.assurancePct;
  const up = a.uplinkAssurancePct;
  const latBelow = lat !== null && lat < objectivePct;
  const upBelow = up !== null && up < objectivePct;
  if (!a.objectiveMet || latBelow || upBelow) {
    // The lower of the two failing assurances is the headline; the other stays visible in the detail.
    const uplinkDecides = upBelow && (!latBelow || up < lat!);
    return uplinkDecides
      ? { status: 'below_objective', cause: 'uplink_assurance', value: up, target: objectivePct }
      : { status: 'below_objective', cause: 'latency_assurance', value: lat, target: objectivePct };
  }
  if (a.minutesToBreach !== null) {
    return { status: 'at_risk', cause: 'latency_trend', value: a.minutesToBreach, target: a.strictestSlaMs };
  }
  return { status: 'met', cause: 'latency_assurance', value: lat, target: objectivePct };
}

export type StatusCounts = Record<SiteStatus, number>;

/** Sites per status: the counts a page's cards show, equal to the dots of each colour on its map. */
export function countStatuses(statuses: Iterable<SiteStatus>): StatusCounts {
  const out: StatusCounts = { breaching: 0, below_objective: 0, at_risk: 0, met: 0, no_data: 0 };
  for (const s of statuses) out[s]++;
  return out;
}

/** Statuses that need someone's attention (what "only problems" keeps and "sites to fix" ranks). */
export function needsAttention(s: SiteStatus): boolean {
  return s === 'breaching' || s === 'below_objective' || s === 'at_risk';
}
