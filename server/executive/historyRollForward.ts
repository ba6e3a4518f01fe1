// Keeps the daily history current from live data: each UTC day the lake holds completely is rolled up (revenue from the
// rating, assurance from the facts, tickets from the store) into its own history files; reruns replace a day's files.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { HISTORY_TABLES, type HistoryTableName } from '../../schema/history.js';
import type { TableSpec } from '../../schema/columns.js';
import type { Site, Tier } from '../../schema/tables.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import { readLiveWatermark } from '../../pipelines/lake/liveFlusher.js';
import type { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { DAY_MS, monthStartMs, utcDayMs } from '../../pipelines/rating/exactMoney.js';
import { historyDayFile, rolledDays } from '../../pipelines/history/historyLayout.js';
import { writeHistoryParquet } from '../../pipelines/history/historyParquet.js';
import type { HistoryReader } from '../../pipelines/history/historyReader.js';
import {
  dayRevenueByAccount, prepareAssuranceDay, readDayFacts, revenueHistoryRows, siteAssuranceRows, sortedSites, ticketHistoryRows,
  type AssuranceDims, type RatedForHistory,
} from '../../pipelines/history/rollupFromRaw.js';

/** The rating snapshot fields the roll-forward needs (RevenueService.snapshot). */
export interface RatingSnapshotRef {
  version: number;
  /** Wall time the rating finished and how long it ran: it saw the lake as of computedAtMs - durationMs. */
  computedAtMs: number;
  durationMs: number;
  rated: RatedForHistory & { range: { fromMs: number; toMs: number } };
}

export interface HistoryRollForwardDeps {
  lakeDir: string;
  /** First day of the raw facts (manifest.startMs): the generated history ends there. */
  rawStartMs: number;
  /** End of the data the lake held when generated (manifest.endMs); live days are complete once flushed past midnight. */
  lakeEndMs: number;
  facts: FactReader;
  rating: () => RatingSnapshotRef | null;
  /** The ticket store when the closed loop runs, else null (no ticket history is rolled). */
  tickets: TicketStore | null;
  history: HistoryReader;
  log: { info(o: object, m: string): void; error(o: object, m: string): void };
}

export interface RollResult { revenueDays: number; assuranceDays: number; ticketDays: number }

const SITES_PER_STEP = 100;
/** Tickets of the last days change (they close, escalate): their days are rolled again when a new day completes. */
const TICKET_REROLL_DAYS = 7;
const TICKETS_PER_DAY_MAX = 1000;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export class HistoryRollForward {
  private busy: Promise<RollResult> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private writer: { db: DuckDBInstance; conn: DuckDBConnection } | null = null;
  private dims: Promise<AssuranceDims> | null = null;
  /** Each complete-days bound of the lake and the wall time it was first seen (a rating must start after it to cover those days). */
  private readonly seen: { untilMs: number; seenAtMs: number }[] = [];
  private revenueSyncedUntil = 0;
  private ticketsSyncedUntil = 0;

  constructor(private readonly d: HistoryRollForwardDeps) {}

  /** Rolls at once, then every intervalMs; one run at a time, failures logged and retried on the next run. */
  start(intervalMs: number): void {
    const run = () => { this.tick().catch((err: unknown) => this.d.log.error({ err }, 'history roll-forward failed')); };
    run();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref?.();
  }

  tick(): Promise<RollResult> {
    this.busy ??= this.roll().finally(() => { this.busy = null; });
    return this.busy;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.busy?.catch(() => undefined);
    this.writer?.conn.closeSync();
    this.writer?.db.closeSync();
    this.writer = null;
  }

  /** Days before this UTC midnight are entirely in the lake (the generated days, then what the flusher wrote). */
  private async completeUntil(): Promise<number> {
    const mark = await readLiveWatermark(this.d.lakeDir);
    const until = utcDayMs(Math.max(this.d.lakeEndMs, mark ?? 0));
    const last = this.seen[this.seen.length - 1];
    // What the lake held at the first look was there before this process rated anything: any rating covers it.
    if (!last || until > last.untilMs) this.seen.push({ untilMs: until, seenAtMs: last ? Date.now() : 0 });
    return this.seen[this.seen.length - 1]!.untilMs;
  }

  /** Days before this are complete in the rating: the latest bound seen before the rating started. */
  private ratedUntil(snap: RatingSnapshotRef): number {
    const runStart = snap.computedAtMs - snap.durationMs;
    let until = 0;
    for (const s of this.seen) if (s.seenAtMs <= runStart) until = s.untilMs;
    return until;
  }

  private async roll(): Promise<RollResult> {
    const result: RollResult = { revenueDays: 0, assuranceDays: 0, ticketDays: 0 };
    const until = await this.completeUntil();
    if (until <= this.d.rawStartMs) return result;
    const snap = this.d.rating();
    // Only a rating that started after the lake held a day has its revenue complete.
    const rated = snap ? this.ratedUntil(snap) : 0;
    if (snap && rated > this.d.rawStartMs) {
      result.revenueDays = await this.rollRevenue(snap, rated);
      result.assuranceDays = await this.rollAssurance(snap, rated);
    }
    result.ticketDays = await this.rollTickets(until);
    if (result.revenueDays + result.assuranceDays + result.ticketDays > 0) {
      await this.d.history.refresh();
      this.d.log.info({ ...result, untilMs: until }, 'history rolled forward');
    }
    return result;
  }

  /** Missing days, and the current month's days again when a day completed (paying spans cover whole months). */
  private async rollRevenue(snap: RatingSnapshotRef, until: number): Promise<number> {
    const have = new Set(await rolledDays(this.d.lakeDir, 'revenue_history'));
    const from = Math.max(this.d.rawStartMs, snap.rated.range.fromMs);
    const to = Math.min(until, snap.rated.range.toMs);
    const redoFrom = until > this.revenueSyncedUntil ? monthStartMs(until - DAY_MS) : Infinity;
    let n = 0;
    for (let day = from; day < to; day += DAY_MS) {
      if (have.has(day) && day < redoFrom) continue;
      await this.write('revenue_history', day, revenueHistoryRows(snap.rated, { fromMs: day, toMs: day + DAY_MS }));
      n++;
      await pause();
    }
    this.revenueSyncedUntil = Math.max(this.revenueSyncedUntil, to);
    return n;
  }

  /** Missing days only (a day's facts never change once complete), one day in memory at a time. */
  private async rollAssurance(snap: RatingSnapshotRef, until: number): Promise<number> {
    const have = new Set(await rolledDays(this.d.lakeDir, 'assurance_history'));
    const to = Math.min(until, snap.rated.range.toMs);
    let n = 0;
    for (let day = Math.max(this.d.rawStartMs, snap.rated.range.fromMs); day < to; day += DAY_MS) {
      if (have.has(day)) continue;
      const dims = await this.loadDims();
      const facts = await readDayFacts(this.d.facts, day);
      await pause();
      const prep = prepareAssuranceDay(day, facts, dims, dayRevenueByAccount(snap.rated.accountDays, day));
      const sites = sortedSites(dims);
      const rows = [];
      for (let i = 0; i < sites.length; i += SITES_PER_STEP) {
        await pause();
        for (const s of sites.slice(i, i + SITES_PER_STEP)) rows.push(...siteAssuranceRows(prep, s));
      }
      await this.write('assurance_history', day, rows);
      n++;
    }
    return n;
  }

  /** Missing days, and the last days again when a day completed (their tickets may have closed since). */
  private async rollTickets(until: number): Promise<number> {
    const store = this.d.tickets;
    if (!store) return 0;
    const have = new Set(await rolledDays(this.d.lakeDir, 'ticket_history'));
    const redoFrom = until > this.ticketsSyncedUntil ? until - TICKET_REROLL_DAYS * DAY_MS : Infinity;
    const sites = (await this.loadDims()).sites;
    const province = new Map(sites.map((s) => [s.site_id, s.province]));
    let n = 0;
    for (let day = this.d.rawStartMs; day < until; day += DAY_MS) {
      if (have.has(day) && day < redoFrom) continue;
      const tickets = await store.list({ fromMs: day, toMs: day + DAY_MS, limit: TICKETS_PER_DAY_MAX });
      const details = [];
      for (const t of tickets) {
        const d = await store.detail(t.ticketId);
        if (d) details.push(d);
      }
      await this.write('ticket_history', day, ticketHistoryRows(details, province));
      n++;
      await pause();
    }
    this.ticketsSyncedUntil = until;
    return n;
  }

  private loadDims(): Promise<AssuranceDims> {
    const { lake } = this.d.facts;
    this.dims ??= (async () => {
      const [sites, tiers, accounts] = await Promise.all([
        lake.scan('site', {}, { columns: ['site_id', 'province', 'region'] }),
        lake.rows('tier'),
        lake.scan('account', {}, { columns: ['account_id', 'tier_id'] }),
      ]);
      const siteRows: Pick<Site, 'site_id' | 'province' | 'region'>[] = sites.site_id.map((id, i) => ({
        site_id: id, province: sites.province[i]!, region: sites.region[i]!,
      }));
      return { sites: siteRows, tiers: tiers as Tier[], accounts: { account_id: accounts.account_id, tier_id: accounts.tier_id } };
    })();
    this.dims.catch(() => { this.dims = null; });
    return this.dims;
  }

  private async write(table: HistoryTableName, dayMs: number, rows: readonly object[]): Promise<void> {
    if (!this.writer) {
      const db = await DuckDBInstance.create(':memory:');
      this.writer = { db, conn: await db.connect() };
    }
    await writeHistoryParquet(this.writer.conn, HISTORY_TABLES[table] as TableSpec, rows, historyDayFile(this.d.lakeDir, table, dayMs));
  }
}
