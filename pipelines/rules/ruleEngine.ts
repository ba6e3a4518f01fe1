// The alerting state machine (inactive -> pending -> firing -> resolved) over per-site detector outputs, pure per tick.
import type { SilenceInfo } from '../../schema/automation.js';
import type { SiteFeatures } from '../detect/siteFeatures.js';
import type { CompiledRule, SubjectLabel } from './ruleTypes.js';

export type AlertPhase = 'pending' | 'firing';

export interface AlertInstance {
  /** rule + labels: identifies one alert. */
  fingerprint: string;
  ruleId: string;
  labels: Record<string, string>;
  /** Alerts with equal group keys belong to one ticket (incident). */
  groupKey: string;
  siteId: number;
  phase: AlertPhase;
  /** When `when` started holding (pending since). */
  activeSinceMs: number;
  firingSinceMs: number | null;
  /** Last tick at which `when` held (keep_firing_for counts from here). */
  lastTrueMs: number;
  /** Fresh samples on which `when` held since it started holding (evidence, beside the minutes of `for`). */
  samples: number;
  /** Last tick that brought a sample of the subject (a silent feed is no evidence either way, for a while). */
  lastSampleMs: number;
  silenced: boolean;
}

export type AlertEventKind = 'pending' | 'firing' | 'resolved' | 'cancelled';
export interface AlertEvent { kind: AlertEventKind; atMs: number; alert: AlertInstance }

/** A silence as stored and shown (schema/automation.ts); every matcher must equal the alert's label (the rule id is the label 'rule'). */
export type Silence = SilenceInfo;

export function silenceMatches(s: Silence, labels: Record<string, string>, nowMs: number): boolean {
  if (nowMs < s.startsMs || nowMs >= s.endsMs) return false;
  return Object.entries(s.matchers).every(([k, v]) => labels[k] === v);
}

export function subjectLabels(f: SiteFeatures): Record<SubjectLabel, string> {
  return {
    site_id: String(f.site_id), site_name: f.site_name, transport_node_id: String(f.transport_node_id),
    region: f.region, province: f.province, tech: f.tech,
  };
}

export function groupKeyOf(rule: Pick<CompiledRule, 'groupBy'>, labels: Record<string, string>): string {
  return rule.groupBy.map((g) => `${g}=${labels[g] ?? ''}`).join(',');
}

export type AlertStateMap = ReadonlyMap<string, AlertInstance>;

/** An alert whose subject stopped reporting keeps its state this long past keep_firing_for, then ends. */
const SILENT_FEED_GRACE_MS = 10 * 60_000;

/**
 * One evaluation tick: returns the new alert state (pending and firing alerts only) and the transitions.
 * Pure: the same inputs give the same outputs; callers keep the state between ticks.
 */
export function evaluateRules(
  prev: AlertStateMap, rules: readonly CompiledRule[], features: readonly SiteFeatures[], nowMs: number, silences: readonly Silence[] = [],
): { state: Map<string, AlertInstance>; events: AlertEvent[] } {
  const next = new Map<string, AlertInstance>();
  const events: AlertEvent[] = [];
  const activeSilences = silences.filter((s) => nowMs >= s.startsMs && nowMs < s.endsMs);
  const ended = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const f of features) {
      const fp = `${rule.id}|${f.site_id}`;
      const old = prev.get(fp);
      if (!f.has_data && !rule.judgesMissingData) {
        // No sample this minute: no evidence either way, so the alert holds its state until the feed has been silent too long.
        if (!old) continue;
        if (nowMs - old.lastSampleMs <= Math.max(rule.keepFiringForMs, SILENT_FEED_GRACE_MS)) {
          next.set(fp, { ...old, silenced: activeSilences.some((s) => silenceMatches(s, old.labels, nowMs)) });
        } else {
          events.push({ kind: old.phase === 'firing' ? 'resolved' : 'cancelled', atMs: nowMs, alert: old });
          ended.add(fp);
        }
        continue;
      }
      let holds: boolean;
      try { holds = rule.cond(f) === true; } catch { holds = false; }
      if (holds) {
        const labels = old?.labels ?? { ...rule.labels, ...subjectLabels(f), rule: rule.id, severity: rule.severity };
        const a: AlertInstance = old
          ? { ...old, lastTrueMs: nowMs, lastSampleMs: nowMs, samples: old.samples + 1 }
          : { fingerprint: fp, ruleId: rule.id, labels, groupKey: groupKeyOf(rule, labels), siteId: f.site_id, phase: 'pending', activeSinceMs: nowMs, firingSinceMs: null, lastTrueMs: nowMs, samples: 1, lastSampleMs: nowMs, silenced: false };
        if (!old) events.push({ kind: 'pending', atMs: nowMs, alert: a });
        if (a.phase === 'pending' && nowMs - a.activeSinceMs >= rule.forMs && a.samples >= rule.forSamples) {
          a.phase = 'firing';
          a.firingSinceMs = nowMs;
          events.push({ kind: 'firing', atMs: nowMs, alert: a });
        }
        a.silenced = activeSilences.some((s) => silenceMatches(s, a.labels, nowMs));
        next.set(fp, a);
      } else if (old) {
        if (old.phase === 'firing' && nowMs - old.lastTrueMs <= rule.keepFiringForMs) {
          next.set(fp, { ...old, lastSampleMs: nowMs, silenced: activeSilences.some((s) => silenceMatches(s, old.labels, nowMs)) });
        } else {
          events.push({ kind: old.phase === 'firing' ? 'resolved' : 'cancelled', atMs: nowMs, alert: old });
          ended.add(fp);
        }
      }
    }
  }
  // Alerts of rules that were removed or disabled resolve rather than linger.
  for (const [fp, old] of prev) {
    if (!next.has(fp) && !ended.has(fp)) {
      events.push({ kind: old.phase === 'firing' ? 'resolved' : 'cancelled', atMs: nowMs, alert: old });
    }
  }
  return { state: next, events };
}

/** Stateful wrapper: keeps the alert map between ticks. */
export class RuleEngine {
  private state = new Map<string, AlertInstance>();
  constructor(public rules: readonly CompiledRule[]) {}

  tick(features: readonly SiteFeatures[], nowMs: number, silences: readonly Silence[] = []): AlertEvent[] {
    const r = evaluateRules(this.state, this.rules, features, nowMs, silences);
    this.state = r.state;
    return r.events;
  }

  get alerts(): AlertInstance[] { return [...this.state.values()]; }
  firing(): AlertInstance[] { return this.alerts.filter((a) => a.phase === 'firing'); }
}
