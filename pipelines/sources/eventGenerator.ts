// What a source of simulated fact events must offer (pipelines/simulator's live event model implements it).
import type { Alarm, Kpi, Usage } from '../../schema/tables.js';

export interface FactEvents { usage: Usage[]; kpi: Kpi[]; alarm: Alarm[] }

export interface EventGenerator {
  /** Every event with its time in [fromMs, toMs); deterministic for the same range. */
  eventsBetween(fromMs: number, toMs: number): Promise<FactEvents>;
}
