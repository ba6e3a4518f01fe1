// How the simulated network injects each fault kind: frequency, where it strikes, when, what it does to KPIs, its alarm.
// One entry per kind of schema/faultCatalog.ts (the Record type makes a missing kind a compile error).
import type { FaultKind } from '../../../schema/faultCatalog.js';
import type { Severity } from '../../../schema/tables.js';

/** What a fault does to a site at full strength, apart from latency (sized per fault to cross the SLA). */
export interface FaultEffectShape {
  readonly jitterAddMs: number;
  readonly lossAddPct: number;
  /** Fractions 0..1 of throughput lost. */
  readonly dlDrop: number;
  readonly ulDrop: number;
  readonly prbAdd: number;
  /** Relative change of active users (congestion brings more, a dead baseband fewer). */
  readonly usersAdd: number;
  /** Relative time-to-first-token increase of usage served through the site. */
  readonly ttftAdd: number;
}

export interface FaultAlarmProfile {
  /** Chance the NMS raises an alarm at all (1: always, and no draw is spent on it). */
  readonly probability: number;
  readonly severity: Severity;
  readonly cause: string;
  /** Raised this many minutes [lo, hi) after the fault starts ('start') or after the expected SLA breach ('breach'). */
  readonly raise: { readonly after: 'start' | 'breach'; readonly lo: number; readonly hi: number };
}

export interface SimulatedFaultProfile {
  /** Relative frequency among kinds. */
  readonly weight: number;
  /** Sites it can strike: any site, radio sites (any when there are none) or edge DCs (the kind is skipped without one). */
  readonly strikes: 'any' | 'radio' | 'edge';
  /** Start minute of the UTC day, [from, to): demand-driven kinds start in the busy hours. */
  readonly startWindowMin: readonly [number, number];
  readonly severity: Severity;
  /** Severity when it degrades 5 or more sites at once (transport faults). */
  readonly wideSeverity?: Severity;
  readonly effect: FaultEffectShape;
  readonly alarm: FaultAlarmProfile;
}

const WHOLE_DAY: readonly [number, number] = [0, 1440];

export const FAULT_PROFILES: Record<FaultKind, SimulatedFaultProfile> = {
  congestion: {
    weight: 0.3, strikes: 'any', startWindowMin: [9 * 60 + 30, 13 * 60 + 30], severity: 'major',
    effect: { jitterAddMs: 3, lossAddPct: 0.8, dlDrop: 0.45, ulDrop: 0.2, prbAdd: 0.35, usersAdd: 0.3, ttftAdd: 0.3 },
    alarm: { probability: 0.6, severity: 'major', cause: 'High PRB utilization', raise: { after: 'breach', lo: 5, hi: 16 } },
  },
  transport_degradation: {
    weight: 0.17, strikes: 'any', startWindowMin: WHOLE_DAY, severity: 'major', wideSeverity: 'critical',
    effect: { jitterAddMs: 4, lossAddPct: 2.5, dlDrop: 0.3, ulDrop: 0.3, prbAdd: 0, usersAdd: 0, ttftAdd: 0.2 },
    alarm: { probability: 0.7, severity: 'major', cause: 'Transport link degradation', raise: { after: 'breach', lo: 3, hi: 11 } },
  },
  baseband_fault: {
    weight: 0.18, strikes: 'radio', startWindowMin: WHOLE_DAY, severity: 'critical',
    effect: { jitterAddMs: 2, lossAddPct: 6, dlDrop: 0.65, ulDrop: 0.55, prbAdd: 0, usersAdd: -0.3, ttftAdd: 0.2 },
    // Hardware alarms fire early: the one kind where the NMS already knows before the SLA breaks.
    alarm: { probability: 1, severity: 'critical', cause: 'Baseband unit failure', raise: { after: 'start', lo: 2, hi: 7 } },
  },
  edge_overload: {
    weight: 0.12, strikes: 'edge', startWindowMin: [2 * 60, 14 * 60], severity: 'major',
    effect: { jitterAddMs: 1.5, lossAddPct: 0.2, dlDrop: 0.1, ulDrop: 0.1, prbAdd: 0, usersAdd: 0, ttftAdd: 2.5 },
    alarm: { probability: 0.7, severity: 'major', cause: 'Edge compute overload', raise: { after: 'breach', lo: 2, hi: 9 } },
  },
  uplink_interference: {
    weight: 0.23, strikes: 'radio', startWindowMin: WHOLE_DAY, severity: 'minor',
    effect: { jitterAddMs: 9, lossAddPct: 1, dlDrop: 0.1, ulDrop: 0.7, prbAdd: 0.05, usersAdd: 0, ttftAdd: 0.4 },
    alarm: { probability: 0.5, severity: 'minor', cause: 'Uplink interference detected', raise: { after: 'breach', lo: 5, hi: 21 } },
  },
};
