// Computes one period's figures, each day from where it lives: days before the raw data from the daily history,
// days from the raw start up to the data's present from the rating, the facts and the ticket store.
import type { FigureSource } from '../../schema/executive.js';
import type { Tier } from '../../schema/tables.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import type { SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import type { DataScope, ScopeSite } from '../identity/dataScope.js';
import { DAY_MS, dayCount, isEmptyRange, splitBySource, type DayRange } from './dayRange.js';
import { emptyRevenue, mergeRevenue, revenueFromHistory, revenueFromRated, type RatedDays, type RevenueFigures } from './revenueFigures.js';
import {
  emptyExperience, experienceFromHistory, experienceFromJudgement, judgeDay, judgeWindow, mergeExperience,
  type DayAssurance, type ExperienceFigures, type WindowJudgement,
} from './experienceFigures.js';
import { readAssuranceDays } from './rawAssurance.js';
import {
  autonomyFromFacts, emptyAutonomy, historyTicketFacts, mergeAutonomy, ticketFactsFromStore, type AutonomyFigures, type TicketFact,
} from './autonomyFigures.js';
import type { PeriodFigures } from './kpiFigures.js';
import type { HistorySource } from './historySource.js';
import { LruCache } from './lruCache.js';

/** What the rating offers (RevenueService implements it). */
export interface RatingSource {
  snapshot: { version: number; rated: RatedDays & { range: DayRange } } | null;
  revenueByAccount(fromMs: number, toMs: number): Map<number, number>;
}

export interface FigureDeps {
  facts: FactReader;
  rating: RatingSource;
  /** The ticket store's database; null when the closed loop is off (no ticket figures from raw days). */
  tickets: SqlDriver | null;
  history: HistorySource | null;
  sites: readonly ScopeSite[];
  /** The data's present (the simulated network's clock). */
  now: () => number;
}

/** Tickets opened up to this long before a period still close or escalate in it. */
const TICKET_LOOKBACK_MS = 30 * 86_400_000;
/** Facts of a window that reaches the present are re-read after this long. */
const LIVE_TTL_MS = 30_000;

interface HistoryPart { revenue: RevenueFigures; experience: ExperienceFigures; autonomy: AutonomyFigures }

const sourceOf = (raw: boolean, history: boolean): FigureSource => (raw && history ? 'mixed' : raw ? 'raw' : history ? 'history' : 'none');

export function scopeKey(scope: DataScope): string {
  return scope.provinces === null ? '*' : [...scope.provinces].sort().join(',');
}

export class PeriodFigureReader {
  private dims: Promise<{ tiers: Tier[]; tierOfAccount: Map<number, number> }> | null = null;
  /** Judged raw days: complete days for good (LRU), the running day for LIVE_TTL_MS. */
  private readonly dayCache = new LruCache<number, { atMs: number; toMs: number; day: Promise<DayAssurance> }>(100);
  private readonly windowCache = new LruCache<string, { atMs: number; judgement: Promise<WindowJudgement> }>(64);
  private ticketCache: { atMs: number; facts: Promise<TicketFact[]> } | null = null;
  /** History parts' figures per (days, scope): the history of past days does not change, so they are kept. */
  private readonly historyCache = new LruCache<string, Promise<HistoryPart>>(512);

  constructor(private readonly d: FigureDeps) {}

  /** First day of the raw data (the rating's range); before it, the history answers. */
  rawStartMs(): number {
    return this.d.rating.snapshot?.rated.range.fromMs ?? Math.floor(this.d.facts.lake.manifest.startMs / 86_400_000) * 86_400_000;
  }

  private loadDims() {
    this.dims ??= (async () => {
      const [tiers, a] = await Promise.all([this.d.facts.lake.rows('tier'), this.d.facts.lake.scan('account', {}, { columns: ['account_id', 'tier_id'] })]);
      return { tiers, tierOfAccount: new Map(a.account_id.map((id, i) => [id, a.tier_id[i]!])) };
    })();
    return this.dims;
  }

  tierName = async (): Promise<(id: number) => string> => {
    const { tiers } = await this.loadDims();
    const byId = new Map(tiers.map((t) => [t.tier_id, t.name]));
    return (id) => byId.get(id) ?? `tier ${id}`;
  };

  /**
   * The judged raw days of a window (whole UTC days, the last one possibly cut at the present). Days not in the cache
   * are read together (one set of queries), then judged one by one, yielding in between.
   */
  async assuranceDays(w: DayRange, presentMs: number): Promise<DayAssurance[]> {
    const wanted: Array<{ dayMs: number; toMs: number }> = [];
    for (let day = Math.floor(w.fromMs / DAY_MS) * DAY_MS; day < w.toMs; day += DAY_MS) wanted.push({ dayMs: day, toMs: Math.min(day + DAY_MS, w.toMs, presentMs) });
    // A complete day is good for ever; the running day (cut at a present that moves on) for LIVE_TTL_MS.
    const fresh = (x: { dayMs: number; toMs: number }) => {
      const hit = this.dayCache.get(x.dayMs);
      if (!hit) return null;
      if (x.toMs === x.dayMs + DAY_MS) return hit.toMs === x.toMs ? hit : null;
      return Date.now() - hit.atMs < LIVE_TTL_MS ? hit : null;
    };
    const found = new Map<number, Promise<DayAssurance>>();
    for (const x of wanted) { const hit = fresh(x); if (hit) found.set(x.dayMs, hit.day); }
    const missing = wanted.filter((x) => !found.has(x.dayMs) && x.toMs > x.dayMs);
    if (missing.length) {
      const range = { fromMs: missing[0]!.dayMs, toMs: missing[missing.length - 1]!.toMs };
      const read = this.loadDims().then(async (dims) => ({ dims, days: await readAssuranceDays(this.d.facts, range, dims.tiers, dims.tierOfAccount) }));
      for (const x of missing) {
        const day = read.then(async ({ dims, days }) => {
          await new Promise((r) => setImmediate(r)); // one day judged per turn: other requests run in between
          const f = days.get(x.dayMs)!;
          return judgeDay(f, { sites: this.d.sites, tiers: dims.tiers, tierOfAccount: dims.tierOfAccount });
        });
        day.catch(() => this.dayCache.delete(x.dayMs));
        this.dayCache.set(x.dayMs, { atMs: Date.now(), toMs: x.toMs, day });
        found.set(x.dayMs, day);
      }
    }
    const out: DayAssurance[] = [];
    for (const x of wanted) { const day = found.get(x.dayMs); if (day) out.push(await day); }
    return out;
  }

  /** A raw window judged over all sites (cached like the days: for good once complete, else for LIVE_TTL_MS). */
  private judgement(w: DayRange, presentMs: number): Promise<WindowJudgement> {
    const live = w.toMs >= presentMs;
    const key = `${w.fromMs}-${live ? 'live' : w.toMs}`;
    const hit = this.windowCache.get(key);
    if (hit && (!live || Date.now() - hit.atMs < LIVE_TTL_MS)) return hit.judgement;
    const judgement = Promise.all([this.assuranceDays(w, presentMs), this.loadDims()])
      .then(([days, dims]) => judgeWindow(days, { sites: this.d.sites, tiers: dims.tiers, tierOfAccount: dims.tierOfAccount }));
    judgement.catch(() => this.windowCache.delete(key));
    this.windowCache.set(key, { atMs: Date.now(), judgement });
    return judgement;
  }

  /** Judges every raw day up to the present in the background, so the first page load finds them ready. */
  async warm(): Promise<void> {
    const presentMs = this.d.now();
    await this.assuranceDays({ fromMs: this.rawStartMs(), toMs: presentMs }, presentMs);
  }

  private storeTickets(): Promise<TicketFact[]> {
    if (!this.d.tickets) return Promise.resolve([]);
    if (this.ticketCache && Date.now() - this.ticketCache.atMs < LIVE_TTL_MS) return this.ticketCache.facts;
    const facts = ticketFactsFromStore(this.d.tickets, Number.MAX_SAFE_INTEGER);
    facts.catch(() => { this.ticketCache = null; });
    this.ticketCache = { atMs: Date.now(), facts };
    return facts;
  }

  /** The figures of history days for a scope, summed once and kept (the rows are dropped as soon as they are summed). */
  private historyPart(range: DayRange, scope: DataScope): Promise<HistoryPart> {
    const key = `${range.fromMs}-${range.toMs}|${scopeKey(scope)}`;
    let p = this.historyCache.get(key);
    if (!p) {
      const h = this.d.history!;
      const provinces = scope.provinces ? [...scope.provinces] : undefined;
      const siteIds = scope.siteIds ? [...scope.siteIds] : undefined;
      p = (async () => {
        const part: HistoryPart = { revenue: emptyRevenue(), experience: emptyExperience(), autonomy: emptyAutonomy() };
        revenueFromHistory(part.revenue, await h.revenue(range, provinces), range, scope);
        // Summed per (site, class) in SQL: experienceFromHistory sums minutes and takes the largest fee per pair, so one
        // pre-summed row per pair gives the same figures as the daily rows.
        experienceFromHistory(part.experience, await h.assuranceTotals(range, siteIds), range, scope);
        const tickets = await h.tickets({ fromMs: range.fromMs - TICKET_LOOKBACK_MS, toMs: range.toMs }, provinces);
        autonomyFromFacts(part.autonomy, historyTicketFacts(tickets), range, scope);
        return part;
      })();
      p.catch(() => this.historyCache.delete(key));
      this.historyCache.set(key, p);
    }
    return p;
  }

  /** A version of the data behind raw figures: the rating's (ticket and fact reads carry their own short TTL). */
  dataVersion(): number { return this.d.rating.snapshot?.version ?? 0; }

  async figures(period: DayRange, scope: DataScope): Promise<PeriodFigures> {
    const presentMs = this.d.now();
    const { history: hist, raw } = splitBySource(period, this.rawStartMs(), presentMs);
    const snap = this.d.rating.snapshot;
    const cov = this.d.history && !isEmptyRange(hist) ? await this.d.history.coverage() : null;
    const histPart: DayRange = cov ? { fromMs: Math.max(hist.fromMs, cov.fromMs), toMs: Math.min(hist.toMs, cov.toMs) } : { fromMs: 0, toMs: 0 };
    const hasHist = !isEmptyRange(histPart);
    const hasRaw = !isEmptyRange(raw);

    const revenue = emptyRevenue();
    const experience = emptyExperience();
    const autonomy = emptyAutonomy();
    if (hasHist) {
      const part = await this.historyPart(histPart, scope);
      mergeRevenue(revenue, part.revenue);
      mergeExperience(experience, part.experience);
      mergeAutonomy(autonomy, part.autonomy);
    }
    const ratedRaw = hasRaw && snap !== null;
    if (hasRaw) {
      if (snap) revenueFromRated(revenue, snap.rated, raw, scope);
      const [judgement, dims] = await Promise.all([this.judgement(raw, presentMs), this.loadDims()]);
      experienceFromJudgement(experience, judgement, { sites: this.d.sites, tiers: dims.tiers, tierOfAccount: dims.tierOfAccount }, scope,
        snap ? this.d.rating.revenueByAccount(raw.fromMs, raw.toMs) : null);
      if (this.d.tickets) autonomyFromFacts(autonomy, await this.storeTickets(), raw, scope);
    }
    const rawDays = dayCount(raw), historyDays = dayCount(histPart);
    const ticketsRaw = hasRaw && this.d.tickets !== null;
    return {
      revenue: hasHist || ratedRaw ? revenue : null,
      experience: hasHist || hasRaw ? experience : null,
      autonomy: hasHist || ticketsRaw ? autonomy : null,
      sources: { revenue: sourceOf(ratedRaw, hasHist), experience: sourceOf(hasRaw, hasHist), autonomy: sourceOf(ticketsRaw, hasHist) },
      coverage: { rawDays, historyDays, missingDays: Math.max(0, dayCount(period) - rawDays - historyDays) },
    };
  }
}
