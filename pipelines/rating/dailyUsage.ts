// Folds usage events into per-account UTC-day totals, the input rating works on.
import { utcDayMs } from './exactMoney.js';
import type { DailyUsage } from './rateAccount.js';

export interface UsageEventTokens {
  ts: number;
  account_id: number;
  tokens_in: number;
  tokens_out: number;
  cached_tokens: number;
}

/** Adds events into `into` (account -> day -> totals); an event at exactly 00:00:00.000 UTC belongs to the new day. */
export function addEventsToDailyUsage(events: Iterable<UsageEventTokens>, into: Map<number, Map<number, DailyUsage>> = new Map()): Map<number, Map<number, DailyUsage>> {
  for (const e of events) {
    const dayMs = utcDayMs(e.ts);
    let byDay = into.get(e.account_id);
    if (!byDay) into.set(e.account_id, (byDay = new Map()));
    const d = byDay.get(dayMs);
    if (d) {
      d.tokensIn += e.tokens_in;
      d.tokensOut += e.tokens_out;
      d.cachedTokens += e.cached_tokens;
    } else {
      byDay.set(dayMs, { dayMs, tokensIn: e.tokens_in, tokensOut: e.tokens_out, cachedTokens: e.cached_tokens });
    }
  }
  return into;
}
