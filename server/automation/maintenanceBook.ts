// Maintenance windows in force: validated edits persisted in the state store, which window holds an alert (or a runbook)
// now, the occurrences in force and coming, and the sites a window covers for the map.
import { InvalidRequestError, NotFoundError } from '../../schema/domainErrors.js';
import { RUNBOOKS } from '../../schema/faultCatalog.js';
import {
  MAINTENANCE_LIMITS, MAINTENANCE_MATCHER_KEYS, SITE_MATCHER_KEYS,
  type MaintenanceCoverage, type MaintenanceInput, type MaintenanceMatch, type MaintenanceOccurrence, type MaintenanceProblem,
  type MaintenanceWindow, type SaveMaintenanceResult,
} from '../../schema/maintenance.js';
import { MaintenanceStore } from '../../pipelines/heal/maintenanceStore.js';
import type { SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import {
  activeOccurrence, canonicalTimeZone, everFires, formatCronProblem, occurrencesBetween, parseCron, type CronWindow,
} from '../../domain/schedule/cronSchedule.js';
import type { DataScope } from '../identity/dataScope.js';
import { silenceReach } from './silenceBook.js';

/** A site as the map and the coverage need it (the site dimension's columns). */
export interface CoverageSite { site_id: number; transport_node_id: number; province: string; region: string }

const MIN_MS = 60_000;
const ALLOWED_KEYS: ReadonlySet<string> = new Set(MAINTENANCE_MATCHER_KEYS);
const SITE_KEYS: ReadonlySet<string> = new Set(SITE_MATCHER_KEYS);

/** Every matcher holds: `runbook` against the runbook asked about, the others against the alert's labels. */
function matchersHold(pins: ReadonlyArray<readonly [string, string]>, labels: Readonly<Record<string, string>>, runbook: string | null): boolean {
  for (const [k, v] of pins) {
    if (k === 'runbook' ? runbook !== v : labels[k] !== v) return false;
  }
  return true;
}

/** The sites whose dimension row satisfies every site matcher; a window with none is fleet-wide (its rule, everywhere). */
export function coveredSites(matchers: Readonly<Record<string, string>>, sites: readonly CoverageSite[]): MaintenanceCoverage {
  const pins = Object.entries(matchers).filter(([k]) => SITE_KEYS.has(k));
  if (!pins.length) return { fleetWide: true, siteIds: [] };
  const value = (s: CoverageSite, k: string): string => String(s[k as keyof CoverageSite]);
  return { fleetWide: false, siteIds: sites.filter((s) => pins.every(([k, v]) => value(s, k) === v)).map((s) => s.site_id) };
}

/**
 * Where a window's matchers pin it relative to a data scope, as silenceReach does for silences; a window pinned only
 * by its transport node is inside when every site of that node is.
 */
export function maintenanceReach(matchers: Readonly<Record<string, string>>, scope: DataScope, sites: readonly CoverageSite[]): 'inside' | 'outside' | 'fleet' {
  const reach = silenceReach(matchers, scope);
  if (reach !== 'fleet' || scope.unrestricted || matchers.transport_node_id === undefined) return reach;
  const node = sites.filter((s) => String(s.transport_node_id) === matchers.transport_node_id);
  return node.length && node.every((s) => scope.hasSite(s.site_id)) ? 'inside' : 'outside';
}

interface Compiled { window: MaintenanceWindow; cron: CronWindow | null }
/** `pins`: the matchers as pairs, read once per minute rather than once per alert. */
interface InForce { window: MaintenanceWindow; pins: ReadonlyArray<readonly [string, string]>; startsMs: number; endsMs: number }

function compile(w: MaintenanceWindow): Compiled {
  if (w.cron === null) return { window: w, cron: null };
  const p = parseCron(w.cron);
  // Stored windows were validated on save; one that no longer parses (edited by hand) simply never fires.
  return { window: w, cron: p.ok ? { schedule: p.schedule, timeZone: canonicalTimeZone(w.timeZone) ?? 'UTC', durationMs: w.durationMinutes * MIN_MS } : null };
}

/** The fields of a save request once checked and normalised. */
type Checked = Pick<MaintenanceWindow, 'name' | 'cron' | 'durationMinutes' | 'timeZone' | 'matchers' | 'startsMs' | 'endsMs' | 'comment' | 'enabled'>;

export class MaintenanceBook {
  private readonly store: MaintenanceStore;
  private windows: Compiled[] = [];
  private ready = false;
  /** Windows that may be in force during one minute: every alert of a rule tick asks, the schedules are read once. */
  private minuteCache: { minute: number; inForce: InForce[] } | null = null;

  constructor(db: SqlDriver, private readonly now: () => number, private readonly sites: readonly CoverageSite[] = []) {
    this.store = new MaintenanceStore(db);
  }

  /** Creates the table on first use, then reads every window. */
  async reload(): Promise<void> {
    if (!this.ready) { await this.store.init(); this.ready = true; }
    this.windows = (await this.store.list()).map(compile);
    this.minuteCache = null;
  }

  list(): MaintenanceWindow[] { return this.windows.map((c) => ({ ...c.window, matchers: { ...c.window.matchers } })); }
  get(id: string): MaintenanceWindow | null { return this.windows.find((c) => c.window.id === id)?.window ?? null; }

  /** Checks a save request field by field (cron syntax, zone, duration, matchers); problems name the field. */
  validate(input: MaintenanceInput, nowMs = this.now()): { ok: true; value: Checked } | { ok: false; problems: MaintenanceProblem[] } {
    const problems: MaintenanceProblem[] = [];
    const bad = (field: string, message: string) => { problems.push({ field, message }); };
    const name = input.name.trim();
    if (!name) bad('name', 'a window needs a name');
    const timeZone = canonicalTimeZone(input.timeZone);
    if (!timeZone) bad('timeZone', `unknown time zone "${input.timeZone}" (an IANA name such as Asia/Shanghai or Europe/Berlin)`);
    const { minDurationMinutes: minD, maxDurationMinutes: maxD } = MAINTENANCE_LIMITS;
    const durationText = `between ${minD} minute and 7 days (${maxD} minutes)`;
    const cronText = input.cron?.trim() || null;
    const oneOff = input.startsMs !== null || input.endsMs !== null;
    let durationMinutes = input.durationMinutes ?? 0;
    if (cronText !== null && oneOff) bad('cron', 'a window has either a cron schedule or a one-off start and end, not both');
    else if (cronText === null && !oneOff) bad('cron', 'give a cron schedule (e.g. "0 2 * * SUN") or a one-off start and end');
    else if (cronText !== null) {
      const p = parseCron(cronText);
      if (!p.ok) bad('cron', formatCronProblem(p.error));
      else if (!everFires(p.schedule)) bad('cron', 'the day-of-month and month fields never meet (e.g. 30 February): it would never fire');
      if (input.durationMinutes === null) bad('durationMinutes', `a recurring window needs a duration ${durationText}`);
      else if (!Number.isInteger(durationMinutes) || durationMinutes < minD || durationMinutes > maxD) bad('durationMinutes', `must be ${durationText}, got ${durationMinutes}`);
    } else if (input.startsMs === null) bad('startsMs', 'a one-off window needs a start');
    else if (input.endsMs === null) bad('endsMs', 'a one-off window needs an end');
    else if (input.endsMs <= input.startsMs) bad('endsMs', 'the end must come after the start');
    else {
      durationMinutes = Math.ceil((input.endsMs - input.startsMs) / MIN_MS);
      if (durationMinutes > maxD) bad('endsMs', `a one-off window lasts ${durationText}`);
      else if (input.endsMs <= nowMs) bad('endsMs', 'the window would already be over');
    }
    const matchers: Record<string, string> = {};
    const keys = Object.keys(input.matchers);
    if (!keys.length) bad('matchers', `a window needs at least one matcher (${MAINTENANCE_MATCHER_KEYS.join(', ')})`);
    for (const k of keys) {
      const v = input.matchers[k]!.trim();
      if (!ALLOWED_KEYS.has(k)) { bad(`matchers.${k}`, `unknown matcher (allowed: ${MAINTENANCE_MATCHER_KEYS.join(', ')})`); continue; }
      if (!v) { bad(`matchers.${k}`, 'the value is empty'); continue; }
      if ((k === 'site_id' || k === 'transport_node_id') && !/^\d{1,9}$/.test(v)) { bad(`matchers.${k}`, `"${v}" is not an id (a whole number)`); continue; }
      if (k === 'runbook' && !(RUNBOOKS as readonly string[]).includes(v)) { bad(`matchers.${k}`, `unknown runbook "${v}" (known: ${RUNBOOKS.join(', ')})`); continue; }
      matchers[k] = v;
    }
    if (problems.length) return { ok: false, problems };
    return {
      ok: true,
      value: {
        name, cron: cronText, durationMinutes, timeZone: timeZone!, matchers, comment: input.comment.trim(), enabled: input.enabled,
        startsMs: cronText === null ? input.startsMs : null, endsMs: cronText === null ? input.endsMs : null,
      },
    };
  }

  /** Creates (`input.id` null) or replaces a window; a request with problems changes nothing and returns them. */
  async save(input: MaintenanceInput, user: string): Promise<SaveMaintenanceResult> {
    const now = this.now();
    const before = input.id === null ? null : this.get(input.id);
    if (input.id !== null && !before) throw new NotFoundError(`no maintenance window ${input.id}`);
    const v = this.validate(input, now);
    if (!v.ok) return v;
    const window: MaintenanceWindow = {
      ...v.value,
      id: before?.id ?? `mw-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      createdBy: before?.createdBy ?? user, createdAtMs: before?.createdAtMs ?? now, updatedBy: user, updatedAtMs: now,
    };
    await this.store.save(window);
    await this.reload();
    return { ok: true, window };
  }

  async remove(id: string): Promise<boolean> {
    const ok = await this.store.remove(id);
    await this.reload();
    return ok;
  }

  async setEnabled(id: string, enabled: boolean, user: string): Promise<MaintenanceWindow> {
    if (!this.get(id)) throw new NotFoundError(`no maintenance window ${id}`);
    if (!(await this.store.setEnabled(id, enabled, user, this.now()))) throw new InvalidRequestError(`maintenance window ${id} changed meanwhile; reload`);
    await this.reload();
    return this.get(id)!;
  }

  /** The occurrence of `w` in force at `nowMs` (null when disabled or between occurrences). */
  occurrenceAt(w: MaintenanceWindow, nowMs: number): MaintenanceOccurrence | null {
    const c = this.windows.find((x) => x.window.id === w.id) ?? compile(w);
    const o = inForceAt(c, nowMs);
    return o ? { windowId: w.id, name: w.name, startsMs: o.startsMs, endsMs: o.endsMs } : null;
  }

  /** Occurrences of enabled windows in force at `nowMs`. */
  active(nowMs: number): MaintenanceOccurrence[] {
    return this.inForceDuring(nowMs).filter((x) => x.startsMs <= nowMs && nowMs < x.endsMs)
      .map((x) => ({ windowId: x.window.id, name: x.window.name, startsMs: x.startsMs, endsMs: x.endsMs }));
  }

  /** Occurrences of enabled windows starting after `nowMs` and within `horizonMs`, by start; at most `perWindow` each. */
  upcoming(nowMs: number, horizonMs: number = MAINTENANCE_LIMITS.horizonMs, perWindow: number = MAINTENANCE_LIMITS.maxUpcomingPerWindow): MaintenanceOccurrence[] {
    return this.windows.flatMap((c) => upcomingOf(c, nowMs, horizonMs, perWindow)).sort((a, b) => a.startsMs - b.startsMs || a.windowId.localeCompare(b.windowId));
  }

  /** Like `upcoming`, of one window. */
  upcomingOf(w: MaintenanceWindow, nowMs: number, horizonMs: number = MAINTENANCE_LIMITS.horizonMs, perWindow: number = MAINTENANCE_LIMITS.maxUpcomingPerWindow): MaintenanceOccurrence[] {
    return upcomingOf(this.windows.find((x) => x.window.id === w.id) ?? compile(w), nowMs, horizonMs, perWindow);
  }

  /**
   * The window holding an alert at `nowMs` (its labels: site_id, province, rule, ...; `runbook`: the runbook it would
   * run, or null when none is chosen yet), the one ending last when several do; null when none. An arrow property, so
   * the heal loop can take it as a plain function.
   */
  readonly matching = (labels: Readonly<Record<string, string>>, runbook: string | null, nowMs: number): MaintenanceMatch | null => {
    let best: MaintenanceMatch | null = null;
    for (const x of this.inForceDuring(nowMs)) {
      if (nowMs < x.startsMs || nowMs >= x.endsMs || !matchersHold(x.pins, labels, runbook)) continue;
      if (!best || x.endsMs > best.endsMs) best = { id: x.window.id, name: x.window.name, endsMs: x.endsMs };
    }
    return best;
  };

  /** The sites (of `sites`, by default every site) a window or one of its occurrences covers. */
  sitesIn(target: MaintenanceWindow | MaintenanceOccurrence, sites: readonly CoverageSite[] = this.sites): MaintenanceCoverage {
    const w = 'windowId' in target ? this.get(target.windowId) : target;
    return w ? coveredSites(w.matchers, sites) : { fleetWide: false, siteIds: [] };
  }

  /** The sites the book was built with (the site dimension). */
  get allSites(): readonly CoverageSite[] { return this.sites; }

  /**
   * Windows possibly in force during the minute of `nowMs`, computed once per minute: cron occurrences start on whole
   * minutes and last whole minutes, so whether one is in force cannot change within a minute.
   */
  private inForceDuring(nowMs: number): InForce[] {
    const minute = Math.floor(nowMs / MIN_MS);
    if (this.minuteCache?.minute === minute) return this.minuteCache.inForce;
    const from = minute * MIN_MS;
    const inForce: InForce[] = [];
    for (const c of this.windows) {
      if (!c.window.enabled) continue;
      if (c.cron) {
        const o = activeOccurrence(c.cron, from);
        if (o) inForce.push({ window: c.window, pins: Object.entries(c.window.matchers), ...o });
      } else if (c.window.startsMs !== null && c.window.endsMs !== null && c.window.startsMs < from + MIN_MS && c.window.endsMs > from) {
        inForce.push({ window: c.window, pins: Object.entries(c.window.matchers), startsMs: c.window.startsMs, endsMs: c.window.endsMs });
      }
    }
    this.minuteCache = { minute, inForce };
    return inForce;
  }
}

function inForceAt(c: Compiled, nowMs: number): { startsMs: number; endsMs: number } | null {
  const w = c.window;
  if (!w.enabled) return null;
  if (c.cron) return activeOccurrence(c.cron, nowMs);
  return w.startsMs !== null && w.endsMs !== null && w.startsMs <= nowMs && nowMs < w.endsMs ? { startsMs: w.startsMs, endsMs: w.endsMs } : null;
}

function upcomingOf(c: Compiled, nowMs: number, horizonMs: number, perWindow: number): MaintenanceOccurrence[] {
  const w = c.window;
  if (!w.enabled) return [];
  const occ = (startsMs: number, endsMs: number): MaintenanceOccurrence => ({ windowId: w.id, name: w.name, startsMs, endsMs });
  if (c.cron) {
    return occurrencesBetween(c.cron.schedule, c.cron.timeZone, nowMs + 1, nowMs + horizonMs + 1, perWindow)
      .map((t) => occ(t, t + c.cron!.durationMs));
  }
  return w.startsMs !== null && w.endsMs !== null && w.startsMs > nowMs && w.startsMs <= nowMs + horizonMs ? [occ(w.startsMs, w.endsMs)] : [];
}
