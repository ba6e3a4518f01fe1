// Prometheus Alertmanager's webhook payload (version 4), validated, and each alert turned into an event of the `alarm`
// fact table: the firing post raises the alarm, the resolved post of the same alert clears it.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_MAX_STRING_LENGTH } from '../../schema/columns.js';
import { alarmSpec, type Alarm, type Severity } from '../../schema/tables.js';
import { alertmanagerAlertSchema, type AlertmanagerAlert, type AlertmanagerPayload } from '../../schema/alertmanager.js';

/**
 * Prometheus' severity words onto the alarm table's (X.733-style critical | major | minor | warning): the same word
 * where both have it; page/emergency/alert/fatal -> critical, error/high -> major, medium -> minor; info, none, low,
 * a missing label or an unknown word -> warning, the lowest alarm severity.
 */
const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  critical: 'critical', page: 'critical', emergency: 'critical', alert: 'critical', fatal: 'critical',
  major: 'major', error: 'major', high: 'major',
  minor: 'minor', medium: 'minor',
  warning: 'warning', warn: 'warning', low: 'warning', info: 'warning', informational: 'warning', none: 'warning',
};

export function severityOf(label: string | undefined): Severity {
  return SEVERITY_WORDS[(label ?? '').trim().toLowerCase()] ?? 'warning';
}

const ALARM_ID_BASE = 2 ** 51;

/**
 * A stable alarm id for one occurrence of an alert: its fingerprint (or, if absent, its sorted label set) with its
 * start time, hashed into [2^51, 2^52). The firing and resolved posts share both, so the clear matches the raise; an
 * alert that fires again after resolving starts anew and gets a new id (with the fingerprint alone the second raise
 * would be dropped as a duplicate of the first). The range keeps clear of simulator ids (< 2^51) and below 2^52,
 * where alarm event keys stay exact numbers.
 */
export function alarmIdOf(alert: Pick<AlertmanagerAlert, 'fingerprint' | 'labels'>, startsAtMs: number): number {
  const identity = alert.fingerprint?.trim()
    || JSON.stringify(Object.entries(alert.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const hex = createHash('sha256').update(`${identity}|${startsAtMs}`).digest('hex').slice(0, 13);
  return ALARM_ID_BASE + Number(BigInt(`0x${hex}`) % BigInt(ALARM_ID_BASE));
}

/** Sites by id and by name (case and surrounding spaces ignored); a name two sites share resolves to neither. */
export interface SiteDirectory {
  hasId(id: number): boolean;
  idByName(name: string): number | 'ambiguous' | undefined;
}

export function siteDirectory(sites: readonly { site_id: number; name: string }[]): SiteDirectory {
  const ids = new Set(sites.map((s) => s.site_id));
  const byName = new Map<string, number | 'ambiguous'>();
  for (const s of sites) {
    const key = s.name.trim().toLowerCase();
    byName.set(key, byName.has(key) ? 'ambiguous' : s.site_id);
  }
  return { hasId: (id) => ids.has(id), idByName: (name) => byName.get(name.trim().toLowerCase()) };
}

export type AlertProblemCode = 'invalid_alert' | 'no_site' | 'bad_site_id' | 'unknown_site' | 'ambiguous_site' | 'bad_time';

export interface AlertProblem {
  /** Position of the alert in the notification's `alerts`. */
  index: number;
  alertname: string | null;
  fingerprint: string | null;
  code: AlertProblemCode;
  message: string;
}

export type AlarmEvent = Pick<Alarm, 'ts' | 'alarm_id' | 'site_id' | 'severity' | 'probable_cause' | 'state'>;

export interface MappedAlerts {
  events: { index: number; event: AlarmEvent }[];
  /** Alerts that could not be mapped, with the raw alert (for the dead-letter store). */
  problems: { problem: AlertProblem; raw: unknown }[];
}

const PROBABLE_CAUSE_CHARS = alarmSpec.probable_cause.maxLength ?? DEFAULT_MAX_STRING_LENGTH;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

type SiteResult = { ok: true; siteId: number } | { ok: false; code: AlertProblemCode; message: string };

/** Label `site_id` (a non-negative integer), else `site` or `site_name` matched against the site dimension's names. */
function siteOf(labels: Readonly<Record<string, string>>, sites: SiteDirectory): SiteResult {
  const idText = labels.site_id?.trim();
  if (idText !== undefined && idText !== '') {
    if (!/^\d{1,10}$/.test(idText)) return { ok: false, code: 'bad_site_id', message: `label site_id ${JSON.stringify(labels.site_id)} is not a non-negative integer` };
    const id = Number(idText);
    return sites.hasId(id) ? { ok: true, siteId: id } : { ok: false, code: 'unknown_site', message: `no site with site_id ${id}` };
  }
  const name = labels.site?.trim() || labels.site_name?.trim();
  if (!name) return { ok: false, code: 'no_site', message: 'the alert has none of the labels site_id, site, site_name' };
  const id = sites.idByName(name);
  if (id === 'ambiguous') return { ok: false, code: 'ambiguous_site', message: `several sites are named ${JSON.stringify(name)}; label the alert with site_id` };
  if (id === undefined) return { ok: false, code: 'unknown_site', message: `no site named ${JSON.stringify(name)}` };
  return { ok: true, siteId: id };
}

/** Epoch ms of an RFC 3339 time, or null for Alertmanager's zero time (or anything before 1970). */
function epochMs(t: string | undefined): number | null {
  if (t === undefined) return null;
  const ms = Date.parse(t);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

function mapAlert(a: AlertmanagerAlert, sites: SiteDirectory): { ok: true; event: AlarmEvent } | { ok: false; code: AlertProblemCode; message: string } {
  const site = siteOf(a.labels, sites);
  if (!site.ok) return site;
  const startsAtMs = epochMs(a.startsAt);
  if (startsAtMs === null) return { ok: false, code: 'bad_time', message: `startsAt ${a.startsAt} is before 1970` };
  const endsAtMs = epochMs(a.endsAt);
  if (a.status === 'resolved' && endsAtMs === null) return { ok: false, code: 'bad_time', message: 'a resolved alert needs endsAt (when it cleared)' };
  // A clear stamped before its raise would sort first and leave the alarm open for good.
  if (a.status === 'resolved' && endsAtMs! < startsAtMs) return { ok: false, code: 'bad_time', message: `endsAt ${a.endsAt} is before startsAt ${a.startsAt}` };
  const cause = a.annotations.summary?.trim() || a.labels.alertname?.trim() || 'unnamed Alertmanager alert';
  return {
    ok: true,
    event: {
      ts: a.status === 'firing' ? startsAtMs : endsAtMs!,
      alarm_id: alarmIdOf(a, startsAtMs),
      site_id: site.siteId,
      severity: severityOf(a.labels.severity),
      probable_cause: clip(cause, PROBABLE_CAUSE_CHARS),
      state: a.status === 'firing' ? 'raised' : 'cleared',
    },
  };
}

/** Every alert of a validated notification as an alarm event, or as a problem saying why it cannot be one. */
export function alarmEventsFromPayload(p: AlertmanagerPayload, sites: SiteDirectory): MappedAlerts {
  const out: MappedAlerts = { events: [], problems: [] };
  p.alerts.forEach((raw, index) => {
    const parsed = alertmanagerAlertSchema.safeParse(raw);
    const labels = (raw as { labels?: Record<string, unknown> } | null)?.labels;
    const nameOf = (v: unknown) => (typeof v === 'string' ? v : null);
    if (!parsed.success) {
      out.problems.push({
        raw,
        problem: {
          index, alertname: nameOf(labels?.alertname), fingerprint: nameOf((raw as { fingerprint?: unknown } | null)?.fingerprint),
          code: 'invalid_alert', message: zodIssues(parsed.error),
        },
      });
      return;
    }
    const a = parsed.data;
    const m = mapAlert(a, sites);
    if (m.ok) out.events.push({ index, event: m.event });
    else out.problems.push({ raw, problem: { index, alertname: a.labels.alertname ?? null, fingerprint: a.fingerprint ?? null, code: m.code, message: m.message } });
  });
  return out;
}

/** `path: problem` pairs, the way every other input error of the API reads. */
export function zodIssues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}
