// Maintenance windows (recurring or one-off silences) shared by server and client: the stored window, its
// occurrences, what the heal loop asks about an alert, and the save request with its limits.
import { z } from 'zod';

/** Labels a window may match on; `runbook` matches the runbook a ticket would run, the others an alert's labels. */
export const MAINTENANCE_MATCHER_KEYS = ['site_id', 'transport_node_id', 'province', 'region', 'rule', 'runbook'] as const;
export type MaintenanceMatcherKey = (typeof MAINTENANCE_MATCHER_KEYS)[number];
/** Matchers that pin a window to places (sites); a window without any is fleet-wide for its rule / runbook. */
export const SITE_MATCHER_KEYS: readonly MaintenanceMatcherKey[] = ['site_id', 'transport_node_id', 'province', 'region'];

export const MAINTENANCE_LIMITS = {
  minDurationMinutes: 1,
  /** One week: longer work is several windows, so nothing stays muted by a forgotten entry. */
  maxDurationMinutes: 7 * 24 * 60,
  /** How far ahead the list shows occurrences. */
  horizonMs: 7 * 86_400_000,
  /** Occurrences listed per window within the horizon. */
  maxUpcomingPerWindow: 10,
} as const;

export const DEFAULT_MAINTENANCE_TIME_ZONE = 'Asia/Shanghai';

export interface MaintenanceWindow {
  id: string;
  name: string;
  /** Five-field cron (minute hour day-of-month month day-of-week) in `timeZone`; null for a one-off window. */
  cron: string | null;
  /** Length of each occurrence (for a one-off window: endsMs - startsMs). */
  durationMinutes: number;
  /** IANA zone the cron's wall-clock times are read in, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** Every matcher must hold; keys among MAINTENANCE_MATCHER_KEYS, never empty. */
  matchers: Record<string, string>;
  enabled: boolean;
  comment: string;
  createdBy: string;
  createdAtMs: number;
  updatedBy: string;
  updatedAtMs: number;
  /** One-off form: the single occurrence (both null for a cron window). */
  startsMs: number | null;
  endsMs: number | null;
}

/** One time a window is in force. */
export interface MaintenanceOccurrence { windowId: string; name: string; startsMs: number; endsMs: number }

/** What the heal loop learns about an alert held by a window. */
export interface MaintenanceMatch { id: string; name: string; endsMs: number }

/** Sites a window covers: every site (of the caller's scope) when fleet-wide, else the listed ids. */
export interface MaintenanceCoverage { fleetWide: boolean; siteIds: number[] }

export interface MaintenanceWindowView {
  window: MaintenanceWindow;
  /** The occurrence in force now (null: none, or disabled). */
  active: MaintenanceOccurrence | null;
  /** Occurrences starting within the horizon (at most MAINTENANCE_LIMITS.maxUpcomingPerWindow). */
  upcoming: MaintenanceOccurrence[];
  coverage: MaintenanceCoverage;
  /** Whether the caller may change it (their scope holds it, or they have none). */
  editable: boolean;
}

export interface MaintenanceList { nowMs: number; horizonMs: number; windows: MaintenanceWindowView[] }

/**
 * A pending or firing alert a window holds: it stays visible but opens no ticket and runs no runbook. `holds` says
 * why: its labels ('alert'), or the runbook its rule would run ('runbook', a window with a runbook matcher).
 */
export interface MaintenanceHeldAlert {
  ruleId: string;
  siteId: number;
  siteName: string;
  phase: 'pending' | 'firing';
  activeSinceMs: number;
  holds: 'alert' | 'runbook';
  windowId: string;
  windowName: string;
  endsMs: number;
}

export interface MaintenanceHeldAlerts {
  nowMs: number;
  total: number;
  /** Held alerts per window id (complete, while `alerts` is capped). */
  byWindow: Record<string, number>;
  alerts: MaintenanceHeldAlert[];
}

/** A problem with a window as saved: the field it is about and what is wrong. */
export interface MaintenanceProblem { field: string; message: string }
export type SaveMaintenanceResult = { ok: true; window: MaintenanceWindow } | { ok: false; problems: MaintenanceProblem[] };

/**
 * The save request (shapes and sizes only: cron syntax, zone, duration and matcher keys are checked by the
 * maintenance book, which answers with per-field problems). `id` null creates a window.
 */
export const maintenanceInputSchema = z.object({
  id: z.string().min(1).max(64).nullable().default(null),
  name: z.string().trim().min(1).max(120),
  cron: z.string().max(200).nullable().default(null),
  durationMinutes: z.number().int().nullable().default(null),
  timeZone: z.string().trim().min(1).max(64).default(DEFAULT_MAINTENANCE_TIME_ZONE),
  startsMs: z.number().int().nullable().default(null),
  endsMs: z.number().int().nullable().default(null),
  matchers: z.record(z.string().max(64), z.string().max(128))
    .refine((m) => Object.keys(m).length <= MAINTENANCE_MATCHER_KEYS.length, { message: `at most ${MAINTENANCE_MATCHER_KEYS.length} matchers` }),
  enabled: z.boolean().default(true),
  comment: z.string().max(500).default(''),
}).strict();
export type MaintenanceInput = z.output<typeof maintenanceInputSchema>;
