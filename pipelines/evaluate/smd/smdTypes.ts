// Shapes of the SMD benchmark as OpsDeck reads it: a machine's metric columns, its labelled segments, and a detector's tickets.

/** SMD has 38 unnamed metrics per machine, columns m0..m37. */
export const SMD_METRIC_COUNT = 38;

/** One machine's data as a detector may see it: no labels (README: never let the detector read labels.csv). */
export interface SmdMachine {
  name: string;
  /** m0..m37, in column order. */
  metricNames: string[];
  trainRows: number;
  testRows: number;
  /** Column-major: train[metric][minute]; test minute 0 follows the last train minute. */
  train: Float32Array[];
  test: Float32Array[];
}

/** A labelled anomaly stretch of the test half. */
export interface SmdSegment {
  startMinute: number;
  /** Inclusive. */
  endMinute: number;
  /** 0-based metric indices (the README's 1-based dimensions minus 1). */
  dimensions: number[];
}

/** What a detector reports: a ticket counts once, at the test minute it opens. */
export interface SmdTicket {
  openedAtMinute: number;
  /** 0-based metric indices the ticket blames, if the detector says. */
  metrics?: number[];
}
