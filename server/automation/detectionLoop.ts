// The server's clock for the closed loop: follows accepted KPI and alarm chunks and evaluates every complete minute in order
// (detectors -> rules -> heal loop), with a seasonal baseline refreshed from the lake once a simulated day.
import type { Alarm, Site } from '../../schema/tables.js';
import { runAutomationTick } from '../../pipelines/automation/automationTick.js';
import { KPI_FIELDS, MINUTE_MS } from '../../pipelines/detect/kpiFields.js';
import type { KpiColumns } from '../../pipelines/detect/kpiWindow.js';
import { baselineHasData, loadSeasonalBaseline } from '../../pipelines/detect/lakeBaseline.js';
import { SiteDetector } from '../../pipelines/detect/siteDetector.js';
import type { SiteFeatures } from '../../pipelines/detect/siteFeatures.js';
import type { HealLoop } from '../../pipelines/heal/healLoop.js';
import type { IngestPipeline } from '../../pipelines/ingest/ingestPipeline.js';
import { arrowColumns, type FactReader } from '../../pipelines/lake/factReader.js';
import { columnsToRows } from '../../pipelines/lake/lakeReader.js';
import type { RuleEngine, Silence } from '../../pipelines/rules/ruleEngine.js';
import { TABLES } from '../../schema/tables.js';

const DAY_MS = 86_400_000;
/** Minutes a catch-up evaluates at most: older minutes are history, not something to act on now. */
const MAX_CATCH_UP_MINUTES = 30;

export const KPI_COLUMNS = ['ts', 'site_id', ...KPI_FIELDS] as const;
const ALARM_COLUMNS = Object.keys(TABLES.alarm.spec);

export interface DetectionLoopDeps {
  facts: FactReader;
  ingest: IngestPipeline;
  sites: readonly Site[];
  engine: RuleEngine;
  heal: HealLoop;
  silences: () => readonly Silence[];
  now: () => number;
  baselineDays?: number | undefined;
  log: { error: (o: object, m: string) => void };
}

export class DetectionLoop {
  readonly detector: SiteDetector;
  private lastEvaluatedMinute = -Infinity;
  private latestFeatures: SiteFeatures[] = [];
  private ticking: Promise<void> = Promise.resolve();
  private scheduled = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private baselineDay = -1;
  ticks = 0;
  tickErrors = 0;
  lastTickMs = 0;

  constructor(private readonly d: DetectionLoopDeps) {
    this.detector = new SiteDetector(d.sites);
  }

  /** Baseline, then the window and alarm state primed from recent facts; from then on every accepted chunk. */
  async start(): Promise<void> {
    const { facts, ingest, now } = this.d;
    await this.refreshBaseline(now());
    const t = now();
    this.detector.addKpiColumns(await facts.numbers('kpi', { fromMs: t - this.detector.window.minutes * MINUTE_MS }, KPI_COLUMNS) as unknown as KpiColumns);
    this.detector.addAlarms(await facts.rows('alarm', { fromMs: facts.hot?.coverageStartMs }));
    this.lastEvaluatedMinute = this.detector.window.latestMinute - 1;
    this.unsubscribe = ingest.onChunk((c) => {
      if (c.table === 'kpi') { this.detector.addKpiColumns(arrowColumns(c.data, KPI_COLUMNS) as unknown as KpiColumns); this.schedule(); }
      // A hot chunk's rows are sorted by time already (HotWindow sorts each batch), as alarm state needs.
      else if (c.table === 'alarm') this.detector.addAlarms(columnsToRows<Alarm>(arrowColumns(c.data, ALARM_COLUMNS)));
    });
    this.schedule();
  }

  /** Seasonal baseline from the lake's last N days before `nowMs` (recomputed once a simulated day). */
  private async refreshBaseline(nowMs: number): Promise<void> {
    const day = Math.floor(nowMs / DAY_MS);
    if (day === this.baselineDay) return;
    this.baselineDay = day;
    const { lake } = this.d.facts;
    if (!(await lake.files('kpi')).length) return;
    const ids = this.d.sites.map((s) => s.site_id);
    const toMs = day * DAY_MS;
    const fromMs = toMs - (this.d.baselineDays ?? 7) * DAY_MS;
    let b = await loadSeasonalBaseline(lake, ids, fromMs, toMs);
    // A lake younger than a day has no full day before "now": use what there is (recorded with the window it asked for).
    if (!baselineHasData(b)) b = { ...(await loadSeasonalBaseline(lake, ids, nowMs - DAY_MS, nowMs)), fromMs, toMs };
    this.detector.baseline = b;
  }

  /** Evaluates every complete minute not yet evaluated, in order, one tick at a time. */
  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.ticking = this.ticking.then(async () => {
      this.scheduled = false;
      // KPIs of minute m arrive together; minute m is complete once any later minute is seen.
      const upTo = this.detector.window.latestMinute;
      if (!Number.isFinite(upTo)) return;
      for (let m = Math.max(this.lastEvaluatedMinute + 1, upTo - MAX_CATCH_UP_MINUTES); m <= upTo && !this.stopped; m++) {
        const t0 = performance.now();
        try {
          await this.refreshBaseline(m * MINUTE_MS);
          const out = await runAutomationTick(this.detector, this.d.engine, this.d.heal, m, this.d.silences());
          this.latestFeatures = out.features;
          this.ticks++;
        } catch (err) {
          this.tickErrors++;
          this.d.log.error({ err, minute: m }, 'automation tick failed');
        }
        this.lastEvaluatedMinute = m;
        this.lastTickMs = performance.now() - t0;
      }
    });
  }

  /** Waits until every minute seen so far has been evaluated. */
  settle(): Promise<void> { return this.ticking; }

  get lastEvaluatedMs(): number | null { return Number.isFinite(this.lastEvaluatedMinute) ? this.lastEvaluatedMinute * MINUTE_MS : null; }

  /** Current detector outputs of one site (UI drill-down, debugging rules). */
  featuresOf(siteId: number): SiteFeatures | null { return this.latestFeatures.find((f) => f.site_id === siteId) ?? null; }

  /** The latest evaluated minute's features by site. */
  featuresBySite(): Map<number, SiteFeatures> { return new Map(this.latestFeatures.map((f) => [f.site_id, f])); }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.ticking.catch(() => undefined);
  }
}
