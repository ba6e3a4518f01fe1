// The minute-by-minute replay loop: feeds recorded KPIs and alarms to a detector in time order and hands out
// each minute's features. Shared by the server's dry-run and `npm run evaluate`.
import type { AlarmEvent } from './alarmState.js';
import { KPI_FIELDS, MINUTE_MS } from './kpiFields.js';
import type { KpiColumns } from './kpiWindow.js';
import type { SiteDetector } from './siteDetector.js';
import type { SiteFeatures } from './siteFeatures.js';

export interface ReplayInput {
  kpi: KpiColumns;
  /** Sorted by ts; alarms before the first minute count as already raised or cleared. */
  alarms: readonly AlarmEvent[];
}

export interface ReplaySpan {
  /** First minute fed to the detector (earlier minutes warm its trend window up). */
  fromMinute: number;
  /** First minute handed to onMinute. */
  emitFromMinute: number;
  /** Exclusive end. */
  toMinute: number;
}

/** Longest stretch of replay between yields to the event loop, so a dry-run inside the server never stalls it. */
const SLICE_MS = 15;

/** KPI columns sorted by time (stable: equal times keep their order), or the same object when already sorted. */
function sortKpiByTime(c: KpiColumns): KpiColumns {
  const ts = c.ts;
  let sorted = true;
  for (let i = 1; i < ts.length && sorted; i++) if (ts[i - 1]! > ts[i]!) sorted = false;
  if (sorted) return c;
  const order = Array.from(ts, (_, i) => i).sort((a, b) => ts[a]! - ts[b]! || a - b);
  const out: Record<string, number[]> = {};
  for (const k of ['ts', 'site_id', ...KPI_FIELDS] as const) {
    const src = c[k];
    out[k] = order.map((i) => src[i]!);
  }
  return out as unknown as KpiColumns;
}

function sliceColumns(c: KpiColumns, from: number, to: number): KpiColumns {
  const out: Record<string, ArrayLike<number>> = {};
  for (const k of ['ts', 'site_id', ...KPI_FIELDS] as const) out[k] = Array.prototype.slice.call(c[k], from, to) as number[];
  return out as unknown as KpiColumns;
}

/** Calls onMinute(minute, features) for every minute in [emitFromMinute, toMinute), in order. */
export async function replayMinutes(
  detector: SiteDetector, input: ReplayInput, span: ReplaySpan,
  onMinute: (minute: number, features: SiteFeatures[]) => void | Promise<void>,
): Promise<void> {
  const kpi = sortKpiByTime(input.kpi);
  const ts = kpi.ts;
  let ki = 0, ai = 0;
  let sliceStart = performance.now();
  for (let m = span.fromMinute; m < span.toMinute; m++) {
    const end = (m + 1) * MINUTE_MS;
    const startK = ki;
    while (ki < ts.length && ts[ki]! < end) ki++;
    if (ki > startK) detector.addKpiColumns(sliceColumns(kpi, startK, ki));
    const startA = ai;
    while (ai < input.alarms.length && input.alarms[ai]!.ts < end) ai++;
    if (ai > startA) detector.addAlarms(input.alarms.slice(startA, ai));
    const features = detector.featuresAt(m);
    if (m >= span.emitFromMinute) await onMinute(m, features);
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      sliceStart = performance.now();
    }
  }
}
