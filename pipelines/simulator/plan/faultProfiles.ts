// How the simulated network injects each fault kind: frequency, where it strikes, when, what it does to KPIs, its alarm.
// One entry per kind of schema/faultCatalog.ts (the Record type makes a missing kind a compile error).
import type { FaultKind } from '../../../schema/faultCatalog.js';
import type { Severity } from '../../../schema/tables.js';

/** What a fault does to a site at full strength, apart from latency (sized per fault, see `latency`). */
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

/**
 * How the planner draws a kind. 'mix': one weighted draw among the mix kinds from the day's main stream (weight = relative
 * frequency). 'own': a Poisson count per day from the kind's own seeded stream, planned after the mix faults; kinds added
 * after lakes exist use it, so the main stream (and every fault it already produced) stays exactly as it was.
 */
export type FaultDrawProfile =
  | { readonly stream: 'mix'; readonly weight: number }
  | { readonly stream: 'own'; readonly perStrikableSiteDay: number };

/** Phase lengths in minutes, each drawn uniformly from [lo, hi). */
export interface FaultPhasesMin {
  readonly ramp: readonly [number, number];
  readonly hold: readonly [number, number];
  readonly recover: readonly [number, number];
}

export interface SimulatedFaultProfile {
  readonly draw: FaultDrawProfile;
  /**
   * Sites it can strike: any site, radio sites or edge DCs. A mix kind without such a site is skipped (edge) or strikes any
   * site (radio); an own-stream kind's count scales with them, so it never strikes elsewhere.
   */
  readonly strikes: 'any' | 'radio' | 'edge';
  /** Start minute of the UTC day, [from, to): demand-driven kinds start in the busy hours. */
  readonly startWindowMin: readonly [number, number];
  /** Default SHORT_PHASES. */
  readonly phasesMin?: FaultPhasesMin;
  /**
   * Unset: latency rises well above the strictest SLA (what makes most kinds customer-visible). Set: it rises only by this
   * share [lo, hi) of the gap between the site's base latency and that SLA, so the fault shows in other KPIs only.
   */
  readonly subSlaLatencyShare?: readonly [number, number];
  readonly severity: Severity;
  /** Severity when it degrades 5 or more sites at once (transport faults). */
  readonly wideSeverity?: Severity;
  readonly effect: FaultEffectShape;
  readonly alarm: FaultAlarmProfile;
}

const WHOLE_DAY: readonly [number, number] = [0, 1440];
/** The phases of the mix kinds: a fault that is visible within the hour. */
export const SHORT_PHASES: FaultPhasesMin = { ramp: [20, 61], hold: [30, 151], recover: [4, 11] };

export const FAULT_PROFILES: Record<FaultKind, SimulatedFaultProfile> = {
  congestion: {
    draw: { stream: 'mix', weight: 0.3 }, strikes: 'any', startWindowMin: [9 * 60 + 30, 13 * 60 + 30], severity: 'major',
    effect: { jitterAddMs: 3, lossAddPct: 0.8, dlDrop: 0.45, ulDrop: 0.2, prbAdd: 0.35, usersAdd: 0.3, ttftAdd: 0.3 },
    alarm: { probability: 0.6, severity: 'major', cause: 'High PRB utilization', raise: { after: 'breach', lo: 5, hi: 16 } },
  },
  transport_degradation: {
    draw: { stream: 'mix', weight: 0.17 }, strikes: 'any', startWindowMin: WHOLE_DAY, severity: 'major', wideSeverity: 'critical',
    effect: { jitterAddMs: 4, lossAddPct: 2.5, dlDrop: 0.3, ulDrop: 0.3, prbAdd: 0, usersAdd: 0, ttftAdd: 0.2 },
    alarm: { probability: 0.7, severity: 'major', cause: 'Transport link degradation', raise: { after: 'breach', lo: 3, hi: 11 } },
  },
  baseband_fault: {
    draw: { stream: 'mix', weight: 0.18 }, strikes: 'radio', startWindowMin: WHOLE_DAY, severity: 'critical',
    effect: { jitterAddMs: 2, lossAddPct: 6, dlDrop: 0.65, ulDrop: 0.55, prbAdd: 0, usersAdd: -0.3, ttftAdd: 0.2 },
    // Hardware alarms fire early: the one kind where the NMS already knows before the SLA breaks.
    alarm: { probability: 1, severity: 'critical', cause: 'Baseband unit failure', raise: { after: 'start', lo: 2, hi: 7 } },
  },
  edge_overload: {
    draw: { stream: 'mix', weight: 0.12 }, strikes: 'edge', startWindowMin: [2 * 60, 14 * 60], severity: 'major',
    effect: { jitterAddMs: 1.5, lossAddPct: 0.2, dlDrop: 0.1, ulDrop: 0.1, prbAdd: 0, usersAdd: 0, ttftAdd: 2.5 },
    alarm: { probability: 0.7, severity: 'major', cause: 'Edge compute overload', raise: { after: 'breach', lo: 2, hi: 9 } },
  },
  uplink_interference: {
    draw: { stream: 'mix', weight: 0.23 }, strikes: 'radio', startWindowMin: WHOLE_DAY, severity: 'minor',
    effect: { jitterAddMs: 9, lossAddPct: 1, dlDrop: 0.1, ulDrop: 0.7, prbAdd: 0.05, usersAdd: 0, ttftAdd: 0.4 },
    alarm: { probability: 0.5, severity: 'minor', cause: 'Uplink interference detected', raise: { after: 'breach', lo: 5, hi: 21 } },
  },
  // A carrier or sector failing silently: throughput sinks over one to two and a half hours as users move to neighbour
  // cells, while PRB, loss and latency barely move, so a latency detector alone does not see it.
  capacity_degradation: {
    draw: { stream: 'own', perStrikableSiteDay: 1 / 175 }, strikes: 'radio', startWindowMin: WHOLE_DAY, severity: 'major',
    phasesMin: { ramp: [60, 151], hold: [60, 181], recover: [4, 11] },
    subSlaLatencyShare: [0.15, 0.25],
    effect: { jitterAddMs: 0.4, lossAddPct: 0.05, dlDrop: 0.6, ulDrop: 0.5, prbAdd: 0.02, usersAdd: -0.25, ttftAdd: 0.15 },
    // Rarely alarmed, and late: the NMS sees a carrier whose throughput fell, not a failure.
    alarm: { probability: 0.3, severity: 'warning', cause: 'Carrier throughput degraded', raise: { after: 'start', lo: 45, hi: 110 } },
  },
};
