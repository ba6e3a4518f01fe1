// The KPI columns the detectors model, in one order shared by windows, baselines and features.
import type { Kpi } from '../../schema/tables.js';

export const KPI_FIELDS = ['latency_ms', 'jitter_ms', 'loss_pct', 'dl_mbps', 'ul_mbps', 'prb_util', 'active_users'] as const;
export type KpiField = (typeof KPI_FIELDS)[number] & keyof Kpi;

export const MINUTE_MS = 60_000;
