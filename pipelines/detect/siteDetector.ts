// Stateful shell around the pure detectors: a KPI window, alarm state and baseline, advanced minute by minute.
import { AlarmState, type AlarmEvent } from './alarmState.js';
import { KpiWindow, type KpiColumns, type KpiSample } from './kpiWindow.js';
import { emptyBaseline, type SeasonalBaseline } from './seasonalBaseline.js';
import { computeSiteFeatures, DEFAULT_DETECTOR_CONFIG, type DetectorConfig, type SiteFeatures, type SiteMeta } from './siteFeatures.js';

export class SiteDetector {
  readonly window: KpiWindow;
  readonly alarms = new AlarmState();
  baseline: SeasonalBaseline;
  private prev: SiteFeatures[] | null = null;
  private prevMinute = -Infinity;

  constructor(readonly sites: readonly SiteMeta[], readonly cfg: DetectorConfig = DEFAULT_DETECTOR_CONFIG, windowMinutes = 60) {
    const ids = sites.map((s) => s.site_id);
    this.window = new KpiWindow(ids, windowMinutes);
    this.baseline = emptyBaseline(ids);
  }

  addKpiRows(rows: readonly KpiSample[]): void { for (const r of rows) this.window.add(r); }
  addKpiColumns(cols: KpiColumns): void { this.window.addColumns(cols); }
  addAlarms(rows: readonly AlarmEvent[]): void {
    for (const a of rows) this.alarms.apply(a);
  }

  /** Features at `minute`; run lengths continue only when minutes are evaluated consecutively. */
  featuresAt(minute: number): SiteFeatures[] {
    const prev = this.prevMinute === minute - 1 ? this.prev : null;
    const f = computeSiteFeatures(this.sites, this.window, this.baseline, this.alarms, minute, prev, this.cfg);
    this.prev = f;
    this.prevMinute = minute;
    return f;
  }
}
