// Keeps the rated tables current: re-rates the lake in a worker thread (new usage files only) and serves the rated
// tables as Arrow IPC plus server-side totals.
import { z } from 'zod';
import { regionOfProvince, type RatedTableName } from '../../schema/ratedTables.js';
import { DAY_MS, divHalfUp, utcDayMs } from '../../pipelines/rating/exactMoney.js';
import { invoiceForAccount, type AccountDayRevenue, type RatedLake } from '../../pipelines/rating/rateLake.js';
import type { InvoiceLine } from '../../pipelines/rating/rateAccount.js';
import type { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { DataScope } from '../identity/dataScope.js';
import type { RatingStats } from './ratingProtocol.js';
import { RatingWorkerClient } from './ratingWorkerClient.js';

export const revenueFilterSchema = z.object({
  tierIds: z.array(z.number().int().nonnegative()).max(100).optional(),
  segments: z.array(z.string().max(40)).max(20).optional(),
  provinces: z.array(z.string().max(60)).max(100).optional(),
  channels: z.array(z.string().max(40)).max(20).optional(),
  regions: z.array(z.string().max(40)).max(20).optional(),
  fromMs: z.number().int().nonnegative().optional(),
  toMs: z.number().int().positive().optional(),
}).strict();
export type RevenueFilter = z.infer<typeof revenueFilterSchema>;

export interface RevenueSnapshot {
  version: number;
  computedAtMs: number;
  /** Simulator time the rating is as of. */
  asOfMs: number;
  durationMs: number;
  /** The rated tables' row arrays are decoded from `ipc` in small slices after the run, or on first read (the worker sends only the bytes). */
  rated: RatedLake;
  ipc: Record<RatedTableName, Uint8Array>;
  rows: Record<RatedTableName, number>;
  /** What the worker scanned and how long its parts took, and the main thread's share (receiveMs). */
  work: RatingStats & { receiveMs: number };
}

interface Log { info(o: object, m: string): void; error(o: object, m: string): void }

export class RevenueService {
  private current: RevenueSnapshot | null = null;
  private running: Promise<RevenueSnapshot | null> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private version = 0;
  private closing: Promise<void> | null = null;
  lastError: string | null = null;

  private readonly lakeStartMs: number;
  private readonly worker: RatingWorkerClient;

  constructor(private readonly lake: LakeReader, private readonly now: () => number, private readonly log: Log) {
    this.lakeStartMs = lake.manifest.startMs;
    this.worker = new RatingWorkerClient(lake.dir);
  }

  get snapshot(): RevenueSnapshot | null { return this.current; }

  /** First rating in the background, then every refreshMs (one run at a time). */
  start(refreshMs: number): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    this.timer.unref?.();
  }

  /** Re-rates [lake start, end of today) as of now; concurrent callers share a run. */
  refresh(): Promise<RevenueSnapshot | null> {
    this.running ??= this.run().finally(() => { this.running = null; });
    return this.running;
  }

  private async run(): Promise<RevenueSnapshot | null> {
    const t0 = Date.now();
    const asOfMs = this.now();
    const range = { fromMs: utcDayMs(this.lakeStartMs), toMs: utcDayMs(asOfMs) + DAY_MS };
    try {
      const r = await this.worker.rate(range, asOfMs);
      const rows = r.rows;
      this.current = {
        version: ++this.version, computedAtMs: Date.now(), asOfMs, durationMs: Date.now() - t0, rated: r.rated, ipc: r.ipc, rows,
        work: { ...r.stats, receiveMs: r.receiveMs },
      };
      this.lastError = null;
      this.log.info({ ms: Date.now() - t0, rows: rows.revenue_day + rows.model_day, errors: r.rated.errors, scannedFiles: r.stats.scannedFiles,
        rebuilt: r.stats.rebuilt, rateMs: Math.round(r.stats.rateMs), ipcMs: Math.round(r.stats.ipcMs), receiveMs: Math.round(r.receiveMs) }, 'revenue rated');
      return this.current;
    } catch (err) {
      // A flush can race the file listing, or the worker died (it is started again on the next run): keep the last rating.
      this.lastError = err instanceof Error ? err.message : String(err);
      this.log.error({ err }, 'revenue rating failed');
      return this.current;
    }
  }

  status() {
    const s = this.current;
    return {
      ready: s !== null,
      version: s?.version ?? 0,
      computedAtMs: s?.computedAtMs ?? null,
      asOfMs: s?.asOfMs ?? null,
      durationMs: s?.durationMs ?? null,
      range: s ? s.rated.range : null,
      rows: s ? { ...s.rows } : null,
      usageRows: s?.rated.usageRows ?? 0,
      ratingErrors: s?.rated.errors ?? {},
      ratingErrorSamples: s?.rated.errorSamples ?? [],
      lastError: this.lastError,
    };
  }

  /**
   * Revenue per account over [fromMs, toMs), from the per-account daily amounts. Whole UTC days count
   * fully; a day the range only partly covers counts by the share of its 24 h covered (a day's revenue
   * accrues evenly over the day), rounded half-up once per account, so midnight-aligned ranges are
   * exact sums of days and a 1 h window still has revenue. Empty until the first rating.
   */
  revenueByAccount(fromMs: number, toMs: number): Map<number, number> {
    const s = this.current;
    const out = new Map<number, number>();
    if (!s) return out;
    const d = s.rated.accountDays;
    const nDays = Math.round((d.range.toMs - d.range.fromMs) / DAY_MS);
    const first = Math.max(0, Math.floor((fromMs - d.range.fromMs) / DAY_MS));
    const last = Math.min(nDays, Math.ceil((toMs - d.range.fromMs) / DAY_MS));
    const covered: Array<{ i: number; ms: number }> = [];
    for (let i = first; i < last; i++) {
      const day0 = d.range.fromMs + i * DAY_MS;
      const ms = Math.round(Math.min(toMs, day0 + DAY_MS) - Math.max(fromMs, day0));
      if (ms > 0) covered.push({ i, ms });
    }
    d.accounts.forEach((a, idx) => {
      let fen = 0;
      let partial = 0n; // fen x covered ms of partly covered days, exact
      for (const c of covered) {
        const f = d.fen[idx * nDays + c.i]!;
        if (c.ms === DAY_MS) fen += f; else if (f !== 0) partial += BigInt(f) * BigInt(c.ms);
      }
      out.set(a.account_id, fen + Number(divHalfUp(partial, BigInt(DAY_MS))));
    });
    return out;
  }

  /**
   * Total revenue for a filter, summed account by account from the rating (not from the rated
   * tables the browser queries), so it checks the browser's figures independently. A scoped user's total
   * covers only the accounts of provinces in their scope (the filter's provinces, if any, intersected with it).
   */
  total(f: RevenueFilter, scope: DataScope = DataScope.ALL): { totalFen: number; byTier: Record<number, number>; accounts: number; version: number } | null {
    const s = this.current;
    if (!s) return null;
    const d = s.rated.accountDays;
    const { lo, hi, nDays } = dayWindow(d, f.fromMs ?? d.range.fromMs, f.toMs ?? d.range.toMs);
    const tiers = f.tierIds ? new Set(f.tierIds) : null;
    const segs = f.segments ? new Set<string>(f.segments) : null;
    const inScope = scope.provinces;
    const provs = f.provinces ? new Set(f.provinces.filter((p) => scope.hasProvince(p))) : inScope;
    const chans = f.channels ? new Set<string>(f.channels) : null;
    const regions = f.regions ? new Set<string>(f.regions) : null;
    const byTier: Record<number, number> = {};
    let total = 0, accounts = 0;
    d.accounts.forEach((a, idx) => {
      if ((segs && !segs.has(a.segment)) || (provs && !provs.has(a.province)) || (chans && !chans.has(a.channel)) || (regions && !regions.has(regionOfProvince(a.province)))) return;
      let any = false;
      for (let i = lo; i < hi; i++) {
        const tier = d.tier[idx * nDays + i]!;
        if (tiers && !tiers.has(tier)) continue;
        const fen = d.fen[idx * nDays + i]!;
        if (fen === 0) continue;
        any = true;
        total += fen;
        byTier[tier] = (byTier[tier] ?? 0) + fen;
      }
      if (any) accounts++;
    });
    return { totalFen: total, byTier, accounts, version: s.version };
  }

  /** An account's invoice; null for an unknown account and for one served in a province outside the scope. */
  async invoice(accountId: number, scope: DataScope = DataScope.ALL): Promise<InvoiceLine[] | null> {
    if (scope.provinces !== null) {
      const [account] = await this.lake.rows('account', {}, { columns: ['province'], filter: { column: 'account_id', values: [accountId] } });
      if (!account || !scope.hasProvince(account.province)) return null;
    }
    const s = this.current;
    const range = s?.rated.range ?? { fromMs: utcDayMs(this.lakeStartMs), toMs: utcDayMs(this.now()) + DAY_MS };
    return invoiceForAccount({ lake: this.lake, range, accountId });
  }

  /** Stops the timer; the worker ends once a run in progress settles (idle() waits for that). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.closing = (this.running ?? Promise.resolve()).then(() => this.worker.close(), () => this.worker.close());
  }

  /** Waits for a run in progress and, after close(), for the worker to end. */
  async idle(): Promise<void> {
    await this.running;
    await this.closing;
  }
}

function dayWindow(d: AccountDayRevenue, fromMs: number, toMs: number) {
  const nDays = Math.round((d.range.toMs - d.range.fromMs) / DAY_MS);
  const lo = Math.max(0, Math.ceil((fromMs - d.range.fromMs) / DAY_MS));
  const hi = Math.min(nDays, Math.ceil((toMs - d.range.fromMs) / DAY_MS));
  return { lo, hi, nDays };
}
