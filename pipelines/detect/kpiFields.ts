// The KPI columns the detectors model, in one order shared by windows, baselines and features, with the direction
// in which each one hurts the service (what a two-sided detector calls adverse).
import type { Kpi } from '../../schema/tables.js';

export const KPI_FIELDS = ['latency_ms', 'jitter_ms', 'loss_pct', 'dl_mbps', 'ul_mbps', 'prb_util', 'active_users'] as const;
export type KpiField = (typeof KPI_FIELDS)[number] & keyof Kpi;

export const MINUTE_MS = 60_000;

/** 'rise': only an increase is bad; 'drop': only a decrease (throughput falling to zero); 'both': either way. */
export type AdverseDirection = 'rise' | 'drop' | 'both';

/**
 * Throughput drops are faults (a dead carrier, a stopped feed); a surge is demand. Active users matter both ways:
 * a crowd congests the cell, an empty cell means users were pushed off it.
 */
export const KPI_ADVERSE: Readonly<Record<KpiField, AdverseDirection>> = {
  latency_ms: 'rise', jitter_ms: 'rise', loss_pct: 'rise', dl_mbps: 'drop', ul_mbps: 'drop', prb_util: 'rise', active_users: 'both',
};

/** Floors of the robust sigma, so a very quiet slot does not turn tiny wiggles into huge z-scores (KPI units). */
export const KPI_MIN_SIGMA: Readonly<Record<KpiField, number>> = {
  latency_ms: 0.4, jitter_ms: 0.2, loss_pct: 0.02, dl_mbps: 1, ul_mbps: 0.5, prb_util: 0.015, active_users: 2,
};
