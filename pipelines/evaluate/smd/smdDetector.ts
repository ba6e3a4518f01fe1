// The product's detection path run on an SMD machine: walk-forward seasonal baseline (same code as the sites'), the
// scale-free multivariate scores, the default rule set and the ticket loop (cooldowns, flap damping) in memory.
import { runRulesOnFeatures } from '../../automation/automationTick.js';
import type { DayCalendar } from '../../detect/dayCalendar.js';
import { MINUTE_MS } from '../../detect/kpiFields.js';
import { baselineFromColumns } from '../../detect/seasonalBaseline.js';
import { openReplayAutomation } from '../replayAutomation.js';
import type { SmdDetector } from './evaluateSmd.js';
import { SMD_MIN_SIGMA, SMD_RANGE_FLOOR, smdFeaturesAt } from './smdFeatures.js';

const DAY_MIN = 1440;
/** Days of history behind each day's baseline, as the server keeps for sites. */
export const SMD_BASELINE_DAYS = 7;
/** SMD has no wall clock: minute 0 of train is placed at a Monday midnight UTC, with no holidays. */
const EPOCH_MS = Date.UTC(2030, 0, 7);
const SMD_CALENDAR: DayCalendar = { utcOffsetMin: 0, holidays: [], workdays: [] };

export interface SmdDetectorOptions { rulesDir?: string; baselineDays?: number }

export function makeSmdDetector(o: SmdDetectorOptions = {}): SmdDetector {
  return async (m, onProgress) => {
    const msOf = (row: number) => EPOCH_MS + row * MINUTE_MS;
    const { engine, heal, close } = await openReplayAutomation(o.rulesDir, msOf(m.trainRows), onProgress);
    const total = m.trainRows + m.testRows;
    const at = (k: number, row: number) => (row < m.trainRows ? m.train[k]![row]! : m.test[k]![row - m.trainRows]!);
    const metrics = m.metricNames;
    const days = o.baselineDays ?? SMD_BASELINE_DAYS;
    const tickets: { openedAtMinute: number; metrics: number[] }[] = [];
    try {
      const values = new Float64Array(metrics.length);
      const scores = new Float64Array(metrics.length);
      let baseline = null as ReturnType<typeof baselineFromColumns<string>> | null;
      for (let row = m.trainRows; row < total; row++) {
        // Walk-forward: once a day, a baseline from the previous N days only (train, then test as it passes).
        if (baseline === null || (row - m.trainRows) % DAY_MIN === 0) {
          const from = Math.max(0, row - days * DAY_MIN);
          const cols: Record<string, ArrayLike<number>> = { ts: Array.from({ length: row - from }, (_, i) => msOf(from + i)), site_id: new Float64Array(row - from) };
          metrics.forEach((name, k) => { cols[name] = Float64Array.from({ length: row - from }, (_, i) => at(k, from + i)); });
          baseline = baselineFromColumns([0], cols as never, msOf(from), msOf(row), { metrics, calendar: SMD_CALENDAR, minSigma: () => SMD_MIN_SIGMA, rangeFloor: SMD_RANGE_FLOOR });
        }
        for (let k = 0; k < metrics.length; k++) values[k] = at(k, row);
        const ms = msOf(row);
        const { features, moved } = smdFeaturesAt(m.name, baseline, values, ms, scores);
        const before = heal.stats.opened;
        await runRulesOnFeatures(engine, heal, Math.floor(ms / MINUTE_MS), [features]);
        if (heal.stats.opened > before) tickets.push({ openedAtMinute: row - m.trainRows, metrics: moved.map((x) => metrics.indexOf(x.metric)) });
        if ((row - m.trainRows) % (5 * DAY_MIN) === 0) onProgress?.(`${m.name}: day ${Math.floor((row - m.trainRows) / DAY_MIN)}`);
      }
    } finally {
      await close();
    }
    return tickets;
  };
}

export const detectSmdMachine: SmdDetector = makeSmdDetector();
