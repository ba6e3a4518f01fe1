// The synthetic revenue history: per day and (tier, segment, province), accounts and signups exactly from the operator
// plan, subscriptions exactly as the rating pro-rates them, usage-priced revenue from the calibration day's usage per
// account scaled by weekday, holidays, usage growth and the billing month.
import type { RevenueHistoryRow } from '../../schema/history.js';
import { regionOfProvince } from '../../schema/ratedTables.js';
import type { Segment } from '../../schema/tables.js';
import { PAYG_FEN_PER_MTOK } from '../../schema/tierCatalog.js';
import type { OperatorPlan } from '../simulator/plan/operatorPlan.js';
import { createRng, mixSeed } from '../simulator/plan/prng.js';
import { DAY_MS, utcDayMs } from '../rating/exactMoney.js';
import type { HistoryCalibration } from './historyCalibration.js';
import { dayOfMonth, demandFactor, packMonthFactor, usageGrowth } from './historySeasonality.js';
import { feeShareFen } from './subscriptionDays.js';
import { countUpTo } from './sortedCounts.js';

interface Cell {
  tierId: number;
  segment: Segment;
  province: string;
  /** Signup days (UTC midnights) ascending, and the account ids in the same order. */
  signups: number[];
  ids: number[];
}

/** Accounts grouped by (tier, segment, province), in a fixed order. */
function cellsOf(plan: OperatorPlan): Cell[] {
  const cells = new Map<string, Cell>();
  for (const a of plan.accounts) {
    const k = `${a.tier_id}\u0000${a.segment}\u0000${a.province}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { tierId: a.tier_id, segment: a.segment, province: a.province, signups: [], ids: [] }));
    c.signups.push(utcDayMs(a.signup_date));
    c.ids.push(a.account_id);
  }
  for (const c of cells.values()) {
    const order = c.signups.map((_, i) => i).sort((x, y) => c.signups[x]! - c.signups[y]! || c.ids[x]! - c.ids[y]!);
    c.signups = order.map((i) => c.signups[i]!);
    c.ids = order.map((i) => c.ids[i]!);
  }
  return [...cells.values()].sort((a, b) => a.tierId - b.tierId || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0)
    || (a.province < b.province ? -1 : a.province > b.province ? 1 : 0));
}

/** Rows for every day of [fromMs, toMs) and cell with an account signed up by then; growth is measured back from the calibration day. */
export function generateRevenueHistory(plan: OperatorPlan, cal: HistoryCalibration, fromMs: number, toMs: number): RevenueHistoryRow[] {
  const cells = cellsOf(plan);
  const nowMs = cal.dayMs;
  const out: RevenueHistoryRow[] = [];
  const prevPaying = new Map<Cell, number>();
  const heavy = heavyUsers(cells, cal);
  for (let day = fromMs; day < toMs; day += DAY_MS) {
    const rng = createRng(mixSeed(plan.params.seed, day / DAY_MS), 'history-revenue');
    const { dom, daysInMonth } = dayOfMonth(day);
    const monthStart = day - (dom - 1) * DAY_MS;
    const growth = usageGrowth(day, nowMs);
    for (const c of cells) {
      const noise = 1 + 0.08 * (rng.next() - 0.5);
      const churnDraw = rng.next();
      const accounts = countUpTo(c.signups, day);
      if (accounts === 0) continue;
      const tu = cal.tiers.get(c.tierId);
      if (!tu) continue;
      const t = tu.tier;
      const newAccounts = accounts - countUpTo(c.signups, day - DAY_MS);
      const usage = growth * noise * demandFactor(c.segment, day) / Math.max(0.05, demandFactor(c.segment, nowMs));
      const tokens = Math.round(accounts * tu.tokensPerAccount * usage);
      const billableCenti = accounts * tu.billableCentiPerAccount * usage;
      let subscription = 0, pack = 0, payg = 0, overage = 0, paying: number;
      if (t.kind === 'monthly') {
        // Accounts older than the month recognise the same share; the month's signups each start their own count.
        const before = countUpTo(c.signups, monthStart - DAY_MS);
        subscription = before * feeShareFen(t.monthly_fee_fen, dom, daysInMonth);
        for (let i = before; i < accounts; i++) subscription += feeShareFen(t.monthly_fee_fen, (day - c.signups[i]!) / DAY_MS + 1, daysInMonth);
        overage = overageFen(heavy.get(c) ?? [], t.included_tokens, t.overage_fen_per_mtok, day, dom, usage);
        paying = accounts;
      } else {
        paying = Math.min(accounts, Math.round(accounts * tu.activeShare));
        if (t.kind === 'payg') payg = Math.round((billableCenti * t.overage_fen_per_mtok) / 1e8);
        else pack = Math.round(((billableCenti / 100) / Math.max(1, t.included_tokens)) * t.monthly_fee_fen * packMonthFactor(day));
      }
      // Usage-priced accounts that paid last month and do not this month stop at the month start.
      const churned = t.kind !== 'monthly' && dom === 1 ? Math.round((prevPaying.get(c) ?? 0) * (0.03 + 0.04 * churnDraw)) : 0;
      prevPaying.set(c, paying);
      out.push({
        day, tier_id: c.tierId, segment: c.segment, province: c.province, region: regionOfProvince(c.province),
        subscription_fen: subscription, pack_fen: pack, payg_fen: payg, overage_fen: overage,
        revenue_fen: subscription + pack + payg + overage,
        paying_accounts: paying, accounts, new_accounts: newAccounts, churned_accounts: churned, tokens,
      });
    }
  }
  return out;
}

/** Accounts of monthly plans that could run past their quota within a month (at up to twice their calibration-day usage). */
function heavyUsers(cells: readonly Cell[], cal: HistoryCalibration): Map<Cell, { signupMs: number; billableCenti: number }[]> {
  const out = new Map<Cell, { signupMs: number; billableCenti: number }[]>();
  for (const c of cells) {
    const t = cal.tiers.get(c.tierId)?.tier;
    if (!t || t.kind !== 'monthly') continue;
    const list = c.ids.map((id, i) => ({ signupMs: c.signups[i]!, billableCenti: cal.billableCentiByAccount[id] ?? 0 }))
      .filter((a) => a.billableCenti * 31 * 2 > t.included_tokens * 100);
    if (list.length) out.set(c, list);
  }
  return out;
}

/**
 * Overage of the cell's heavy users on day `dom` of the month: an account using b billable tokens a day has used
 * dom x b by the end of the day and pays for what exceeds its quota (the rating's monthly quota, not pro-rated here).
 */
function overageFen(heavy: readonly { signupMs: number; billableCenti: number }[], includedTokens: number,
  fenPerMtok: number, day: number, dom: number, usage: number): number {
  const quotaCenti = includedTokens * 100;
  let overCenti = 0;
  for (const a of heavy) {
    if (a.signupMs > day) continue;
    const b = a.billableCenti * usage;
    if (b * dom <= quotaCenti) continue;
    overCenti += Math.min(b, b * dom - quotaCenti);
  }
  return Math.round((overCenti * (fenPerMtok || PAYG_FEN_PER_MTOK)) / 1e8);
}
