// The SMD evaluation report (what `--json` prints) and the product targets it is judged against.
import type { MachineSegmentScore, SegmentScore } from './scoreSegments.js';

export interface SmdMachineReport { machine: string; trainRows: number; testRows: number; score: MachineSegmentScore }

export interface SmdTargetCheck {
  figure: 'recall' | 'precision' | 'falsePerDay';
  direction: 'atLeast' | 'atMost';
  target: number;
  value: number | null;
  /** A figure that cannot be computed (no tickets, no segments) does not pass. */
  pass: boolean;
}

/** Deterministic for a given data folder and detector: no timings or dates, fixed key and machine order. */
export interface SmdReport {
  dataset: 'smd';
  dataDir: string;
  machines: SmdMachineReport[];
  pooled: SegmentScore;
  /** Judged on the pooled figures; false tickets per day is per machine-day. */
  targets: SmdTargetCheck[];
}

export const SMD_TARGETS: readonly Omit<SmdTargetCheck, 'value' | 'pass'>[] = [
  { figure: 'recall', direction: 'atLeast', target: 0.8 },
  { figure: 'precision', direction: 'atLeast', target: 0.7 },
  { figure: 'falsePerDay', direction: 'atMost', target: 0.5 },
];

export function judgeSmdTargets(s: SegmentScore): SmdTargetCheck[] {
  return SMD_TARGETS.map((t) => {
    const value = s[t.figure];
    const pass = value !== null && (t.direction === 'atLeast' ? value >= t.target : value <= t.target);
    return { ...t, value, pass };
  });
}
