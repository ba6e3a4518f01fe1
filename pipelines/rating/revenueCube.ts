// Folds account ratings into the compact rated tables (revenue_day, model_day) the revenue explorer queries.
import type { Account } from '../../schema/tables.js';
import { NO_USAGE_MODEL, regionOfProvince, type ModelDayRow, type RevenueDayRow } from '../../schema/ratedTables.js';
import { DAY_MS, daysBetween, utcDayMs } from './exactMoney.js';
import type { AccountRating, RatingRange } from './rateAccount.js';

type CellDims = Pick<RevenueDayRow, 'tier_id' | 'segment' | 'province' | 'region' | 'channel'>;

interface Cell {
  dims: CellDims;
  subscription: Float64Array;
  pack: Float64Array;
  payg: Float64Array;
  overage: Float64Array;
  paying: Float64Array;
  accounts: Float64Array;
}

/** Usage of one model in one cell and day, aggregated by SQL from the usage facts. */
export type ModelUsageRow = Omit<ModelDayRow, 'revenue_fen' | 'region'>;

const cellKey = (tierId: number, segment: string, province: string, channel: string) => `${tierId}\u0000${segment}\u0000${province}\u0000${channel}`;

export class RevenueCubeBuilder {
  private readonly cells = new Map<string, Cell>();
  private readonly nDays: number;

  constructor(readonly range: RatingRange) {
    this.nDays = daysBetween(range.fromMs, range.toMs);
  }

  private cell(tierId: number, a: Pick<Account, 'segment' | 'province' | 'channel'>): Cell {
    const k = cellKey(tierId, a.segment, a.province, a.channel);
    let c = this.cells.get(k);
    if (!c) {
      const z = () => new Float64Array(this.nDays);
      c = {
        dims: { tier_id: tierId, segment: a.segment, province: a.province, region: regionOfProvince(a.province), channel: a.channel },
        subscription: z(), pack: z(), payg: z(), overage: z(), paying: z(), accounts: z(),
      };
      this.cells.set(k, c);
    }
    return c;
  }

  private dayIndex(dayMs: number): number {
    return (dayMs - this.range.fromMs) / DAY_MS;
  }

  /** Adds one account's rating (revenue per day, paying days) and its existence from signup. */
  addAccount(account: Account, rating: AccountRating): void {
    const tierOnDay = new Map<number, number>();
    for (const d of rating.days) {
      tierOnDay.set(d.dayMs, d.tierId);
      const i = this.dayIndex(d.dayMs);
      if (i < 0 || i >= this.nDays) continue;
      const c = this.cell(d.tierId, account);
      c.subscription[i]! += d.subscriptionFen;
      c.pack[i]! += d.packFen;
      c.payg[i]! += d.paygFen;
      c.overage[i]! += d.overageFen;
    }
    for (const p of rating.paying) {
      const c = this.cell(p.tierId, account);
      for (let day = p.fromMs; day < p.toMs; day += DAY_MS) c.paying[this.dayIndex(day)]! += 1;
    }
    // Days without usage or revenue keep the account's current tier (the lake has no tier history).
    for (let day = Math.max(utcDayMs(account.signup_date), this.range.fromMs); day < this.range.toMs; day += DAY_MS) {
      this.cell(tierOnDay.get(day) ?? account.tier_id, account).accounts[this.dayIndex(day)]! += 1;
    }
  }

  /** Revenue rows, one per day and cell with any account. */
  revenueDay(): RevenueDayRow[] {
    const out: RevenueDayRow[] = [];
    for (const c of this.cells.values()) {
      for (let i = 0; i < this.nDays; i++) {
        if (c.accounts[i] === 0 && c.paying[i] === 0 && c.subscription[i] === 0 && c.pack[i] === 0 && c.payg[i] === 0 && c.overage[i] === 0) continue;
        const sub = c.subscription[i]!, pack = c.pack[i]!, payg = c.payg[i]!, over = c.overage[i]!;
        out.push({
          day: this.range.fromMs + i * DAY_MS, ...c.dims,
          subscription_fen: sub, pack_fen: pack, payg_fen: payg, overage_fen: over, revenue_fen: sub + pack + payg + over,
          paying_accounts: c.paying[i]!, accounts: c.accounts[i]!,
        });
      }
    }
    return out.sort((a, b) => a.day - b.day || a.tier_id - b.tier_id);
  }

  /**
   * Model rows: each day-cell's revenue is split over the models used in it in proportion to billable
   * tokens (largest remainder, so the split sums exactly); revenue of a day-cell without usage goes to
   * NO_USAGE_MODEL.
   */
  modelDay(usage: readonly ModelUsageRow[], revenue: readonly RevenueDayRow[] = this.revenueDay()): ModelDayRow[] {
    const groups = new Map<string, ModelUsageRow[]>();
    for (const u of usage) {
      const k = `${u.day}\u0000${cellKey(u.tier_id, u.segment, u.province, u.channel)}`;
      const g = groups.get(k);
      if (g) g.push(u); else groups.set(k, [u]);
    }
    const out: ModelDayRow[] = [];
    const seen = new Set<string>();
    for (const r of revenue) {
      const k = `${r.day}\u0000${cellKey(r.tier_id, r.segment, r.province, r.channel)}`;
      seen.add(k);
      const g = groups.get(k) ?? [];
      const shares = allocateByWeight(r.revenue_fen, g.map((u) => u.billable_centitokens));
      if (shares === null) {
        if (r.revenue_fen > 0) out.push(emptyModelRow(r, r.revenue_fen));
        for (const u of g) out.push({ ...u, region: r.region, revenue_fen: 0 });
      } else {
        g.forEach((u, i) => out.push({ ...u, region: r.region, revenue_fen: shares[i]! }));
      }
    }
    // Usage in cells without revenue rows (e.g. usage before signup in a hand-made lake) still counts.
    for (const [k, g] of groups) if (!seen.has(k)) for (const u of g) out.push({ ...u, region: regionOfProvince(u.province), revenue_fen: 0 });
    return out.sort((a, b) => a.day - b.day || a.tier_id - b.tier_id || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  }
}

function emptyModelRow(r: RevenueDayRow, revenueFen: number): ModelDayRow {
  return {
    day: r.day, tier_id: r.tier_id, segment: r.segment, province: r.province, region: r.region, channel: r.channel,
    model: NO_USAGE_MODEL, active_accounts: 0, requests: 0, tokens_in: 0, tokens_out: 0, cached_tokens: 0,
    billable_centitokens: 0, compute_cost_ufen: 0, revenue_fen: revenueFen,
  };
}

/** Splits an integer total over weights by largest remainder (ties to the earlier index); null when all weights are 0. */
export function allocateByWeight(total: number, weights: readonly number[]): number[] | null {
  const w = weights.map((x) => BigInt(x));
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return null;
  const t = BigInt(total);
  const base = w.map((x) => (t * x) / sum);
  const rem = w.map((x, i) => ({ i, r: (t * x) % sum }));
  let left = Number(t - base.reduce((a, b) => a + b, 0n));
  rem.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let j = 0; left > 0; j++, left--) base[rem[j]!.i]! += 1n;
  return base.map(Number);
}
