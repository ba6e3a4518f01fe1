// Replays a lake day by day through the detectors, with a walk-forward seasonal baseline from earlier days only.
import { KPI_FIELDS, MINUTE_MS } from '../detect/kpiFields.js';
import { loadSeasonalBaseline } from '../detect/lakeBaseline.js';
import { replayMinutes } from '../detect/minuteReplay.js';
import { SiteDetector } from '../detect/siteDetector.js';
import type { DetectorConfig, SiteFeatures } from '../detect/siteFeatures.js';
import type { KpiColumns } from '../detect/kpiWindow.js';
import type { LakeReader } from '../lake/lakeReader.js';
import type { Site } from '../../schema/tables.js';

const DAY_MS = 86_400_000;

export interface ReplayOptions {
  /** First and last day index (0 = lake start) to replay; the default skips day 0, which only warms up the baseline. */
  fromDay?: number;
  toDay?: number;
  /** Days of history in the baseline. */
  baselineDays?: number;
  cfg?: DetectorConfig;
  onDay?: (dayStartMs: number) => void;
}

/** Calls onMinute(minute, features) for every minute of the replayed days, in order. */
export async function replayLake(
  lake: LakeReader, sites: readonly Site[], onMinute: (minute: number, features: SiteFeatures[]) => void | Promise<void>, o: ReplayOptions = {},
): Promise<{ fromMs: number; toMs: number; siteDays: number }> {
  const { manifest } = lake;
  const days = Math.round((manifest.endMs - manifest.startMs) / DAY_MS);
  const fromDay = o.fromDay ?? Math.min(1, days - 1);
  const toDay = o.toDay ?? days - 1;
  // One file list for the whole replay, so every day reads the same lake.
  const [kpiFiles, alarmFiles] = await Promise.all([lake.files('kpi'), lake.files('alarm')]);
  const detector = new SiteDetector(sites, o.cfg);
  const ids = sites.map((s) => s.site_id);
  for (let d = fromDay; d <= toDay; d++) {
    const dayStart = manifest.startMs + d * DAY_MS;
    o.onDay?.(dayStart);
    const histFrom = Math.max(manifest.startMs, dayStart - (o.baselineDays ?? 7) * DAY_MS);
    // With no earlier day (replaying day 0) the baseline falls back to the day itself: flagged in the report.
    const [bFrom, bTo] = histFrom < dayStart ? [histFrom, dayStart] : [dayStart, dayStart + DAY_MS];
    detector.baseline = await loadSeasonalBaseline(lake, ids, bFrom, bTo);
    // Start 15 minutes early so the trend window is warm at the first replayed minute.
    const loadFrom = d === fromDay ? dayStart - 15 * MINUTE_MS : dayStart;
    const dayEnd = dayStart + DAY_MS;
    const [kpi, alarms] = await Promise.all([
      lake.scan('kpi', { fromMs: loadFrom, toMs: dayEnd }, { columns: ['ts', 'site_id', ...KPI_FIELDS], files: kpiFiles, orderBy: ['ts', 'site_id'] }),
      // Alarms raised the day before still count as open.
      lake.rows('alarm', { fromMs: loadFrom - DAY_MS, toMs: dayEnd }, { files: alarmFiles, orderBy: ['ts', 'alarm_id'] }),
    ]);
    await replayMinutes(detector, { kpi: kpi as unknown as KpiColumns, alarms },
      { fromMinute: Math.floor(loadFrom / MINUTE_MS), emitFromMinute: dayStart / MINUTE_MS, toMinute: dayEnd / MINUTE_MS }, onMinute);
  }
  return { fromMs: manifest.startMs + fromDay * DAY_MS, toMs: manifest.startMs + (toDay + 1) * DAY_MS, siteDays: sites.length * (toDay - fromDay + 1) };
}
