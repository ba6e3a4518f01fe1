// The executive KPI report: every KPI a report definition names for a period, the previous period, the same period a
// year ago and 13 trailing periods, with targets, RAG, breakdown tables and a computed narrative.
import {
  KPI_BY_ID, type ExecReport, type KpiId, type KpiSpec, type KpiValue, type ReportDefinition, type ReportPeriod,
} from '../../schema/executive.js';
import { describeScope } from '../../schema/access.js';
import { NotFoundError } from '../../schema/domainErrors.js';
import { periodContaining, previousPeriod, trailingPeriods, yearAgoPeriod } from '../../domain/period/reportPeriod.js';
import { DataScope } from '../identity/dataScope.js';
import { kpiValues, reportTable, type FigureNames, type PeriodFigures } from './kpiFigures.js';
import { narrative } from './narrative.js';
import { PeriodFigureReader, scopeKey, type FigureDeps } from './periodFigures.js';
import type { ReportDefinitions } from './reportDefinitions.js';
import { ragOf, targetFor, type KpiTargets } from './targets.js';
import { LruCache } from './lruCache.js';

export const SPARKLINE_PERIODS = 13;

export interface ExecutiveDeps extends FigureDeps {
  definitions: ReportDefinitions;
  /** The current targets (reloaded by the caller when the file changes). */
  targets: () => KpiTargets;
}

const deltaPct = (v: number | null, p: number | null) => (v === null || p === null || p === 0 ? null : ((v - p) / Math.abs(p)) * 100);

export class ExecutiveService {
  readonly figures: PeriodFigureReader;
  /** Figures of periods that have ended, per (period, scope, rating version): a page load recomputes only the running one. */
  private readonly done = new LruCache<string, Promise<PeriodFigures>>(512);

  constructor(private readonly d: ExecutiveDeps) {
    this.figures = new PeriodFigureReader(d);
  }

  /**
   * Background warm-up (once the server is up): judges the raw days, then computes each definition's current period
   * unscoped, so its trailing and year-ago history is summed before the first page load. Errors are the caller's to log.
   */
  async warm(): Promise<void> {
    await this.figures.warm();
    for (const def of this.d.definitions.list()) await this.report(def, periodContaining(def.period, this.d.now()), DataScope.ALL);
  }

  definitions(): ReportDefinition[] { return this.d.definitions.list(); }

  definition(id: string): ReportDefinition {
    const def = this.d.definitions.get(id);
    if (!def) throw new NotFoundError(`unknown report definition "${id}" (known: ${this.d.definitions.list().map((x) => x.id).join(', ') || 'none'})`);
    return def;
  }

  private periodFigures(p: ReportPeriod, scope: DataScope): Promise<PeriodFigures> {
    if (p.toMs > this.d.now()) return this.figures.figures(p, scope);
    const key = `${p.fromMs}-${p.toMs}|${scopeKey(scope)}|${this.figures.dataVersion()}`;
    let f = this.done.get(key);
    if (!f) {
      f = this.figures.figures(p, scope);
      f.catch(() => this.done.delete(key));
      this.done.set(key, f);
    }
    return f;
  }

  async report(def: ReportDefinition, period: ReportPeriod, scope: DataScope): Promise<ExecReport> {
    const previous = previousPeriod(period);
    const yearAgo = yearAgoPeriod(period);
    const trail = trailingPeriods(period, SPARKLINE_PERIODS);
    // One at a time: each raw period reads facts, and running them together would only pile up memory.
    const figs = new Map<string, PeriodFigures>();
    for (const p of [period, ...trail.slice(0, -1).reverse(), yearAgo]) {
      const k = `${p.fromMs}-${p.toMs}`;
      if (!figs.has(k)) figs.set(k, await this.periodFigures(p, scope));
    }
    const at = (p: ReportPeriod) => figs.get(`${p.fromMs}-${p.toMs}`)!;
    const cur = at(period), prev = at(previous), ago = at(yearAgo);
    const values = kpiValues(cur), prevValues = kpiValues(prev), agoValues = kpiValues(ago);
    const trailValues = trail.map((p) => ({ p, v: kpiValues(at(p)) }));
    const targets = this.d.targets();
    const tierName = await this.figures.tierName();
    const names: FigureNames = { tierName };

    const kpi = (id: KpiId): KpiValue => {
      const spec = KPI_BY_ID.get(id) as KpiSpec;
      const target = targetFor(targets, id, period.kind);
      const value = values[id] ?? null, previousValue = prevValues[id] ?? null, yearAgoValue = agoValues[id] ?? null;
      return {
        id, label: spec.label, unit: spec.unit, better: spec.better,
        value, previous: previousValue, yearAgo: yearAgoValue,
        deltaPct: deltaPct(value, previousValue), deltaYearAgoPct: deltaPct(value, yearAgoValue),
        target, rag: ragOf(spec, value, target),
        sparkline: trailValues.map(({ p, v }) => ({ label: p.label, fromMs: p.fromMs, value: v[id] ?? null })),
        source: cur.sources[spec.section],
      };
    };
    const sections = def.sections.map((s) => ({
      id: s.id, title: s.title, kpis: s.kpis.map(kpi), tables: s.tables.map((t) => reportTable(t, cur, names)),
    }));
    return {
      definition: { id: def.id, title: def.title, audience: def.audience, source: def.source },
      period, previous, yearAgo,
      generatedAtMs: Date.now(),
      dataAsOfMs: Math.min(period.toMs, this.d.now()),
      scope: describeScope(scope.scope),
      targetsVersion: targets.version,
      sections,
      narrative: narrative({
        kpis: sections.flatMap((s) => s.kpis), current: cur, previous: prev, periodLabel: period.label, previousLabel: previous.label, names,
      }),
      coverage: cur.coverage,
    };
  }
}
