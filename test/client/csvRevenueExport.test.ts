// Pins the revenue explorer's CSV files on a tiny hand-made case: names as shown (not ids), money as RMB decimals,
// ISO dates of the period, keys beside the names, RFC 4180 quoting and no formulas.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../client/features/revenue/csvExport.js';
import { fenToRmbDecimal } from '../../domain/money/formatMoney.js';
import { breakdownCsv, csvFileName, overTimeCsv, quotaBurnCsv, summaryCsv } from '../../client/features/revenue/revenueCsv.js';
import type { RevenueLabels } from '../../client/features/revenue/revenueLabels.js';
import type { BreakdownRow, QuotaBurnViewRow } from '../../client/features/revenue/revenueQueries.js';

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);
/** The labels a Chinese user sees, written out by hand (not taken from the app's catalogs). */
const ZH: RevenueLabels = {
  tier: (id) => ({ 10: 'Enterprise Assured 299.9', 8: 'Pay "as" you go, v2', 3: '=HYPERLINK("x")' } as Record<number, string>)[id] ?? `?${id}`,
  segment: (k) => ({ enterprise: '大型企业', developer: '开发者', family: '家庭' } as Record<string, string>)[k] ?? k,
  province: (k) => ({ Guangdong: '广东', 'Inner Mongolia': '内蒙古' } as Record<string, string>)[k] ?? k,
  region: (k) => k, channel: (k) => k, model: (k) => k,
};
const PERIOD = { fromMs: d('2026-11-23'), toMs: d('2026-12-01') };

describe('fenToRmbDecimal', () => {
  it('writes exact RMB with two decimals, rounding a fractional fen once, half away from zero', () => {
    expect(fenToRmbDecimal(0)).toBe('0.00');
    expect(fenToRmbDecimal(5)).toBe('0.05');
    expect(fenToRmbDecimal(123456)).toBe('1234.56');
    expect(fenToRmbDecimal(-5)).toBe('-0.05');
    expect(fenToRmbDecimal(2.5)).toBe('0.03');
    expect(fenToRmbDecimal(-2.5)).toBe('-0.03');
    expect(fenToRmbDecimal(-0.4)).toBe('0.00');
    expect(fenToRmbDecimal(9_007_199_254_740_991)).toBe('90071992547409.91');
    expect(fenToRmbDecimal(Number.NaN)).toBe('');
  });
});

describe('breakdown CSV', () => {
  const rows: BreakdownRow[] = [
    { tierId: 10, segment: 'enterprise', province: 'Guangdong', revenueFen: 241911, subscriptionFen: 241911, packFen: 0, paygFen: 0, overageFen: 0, avgPayingAccounts: 30.25, arpuFen: 7997.0247 },
    { tierId: 8, segment: 'developer', province: 'Inner Mongolia', revenueFen: 5, subscriptionFen: 0, packFen: 0, paygFen: 5, overageFen: 0, avgPayingAccounts: 0.5, arpuFen: 10 },
  ];
  it('has tier names, names as shown, RMB and the period; ids and keys at the end', () => {
    expect(toCsv(breakdownCsv(rows, PERIOD, ZH, { modelFiltered: false }))).toBe([
      'from_date,to_date,tier,segment,province,revenue_rmb,subscription_rmb,packs_rmb,payg_rmb,overage_rmb,avg_paying_accounts,arpu_rmb,tier_id,segment_key,province_key',
      '2026-11-23,2026-11-30,Enterprise Assured 299.9,大型企业,广东,2419.11,2419.11,0.00,0.00,0.00,30.25,79.97,10,enterprise,Guangdong',
      '2026-11-23,2026-11-30,"Pay ""as"" you go, v2",开发者,内蒙古,0.05,0.00,0.00,0.05,0.00,0.50,0.10,8,developer,Inner Mongolia',
      '',
    ].join('\r\n'));
  });
  it('leaves the line kinds empty (not 0.00) with a model filter', () => {
    const csv = breakdownCsv(rows, PERIOD, ZH, { modelFiltered: true });
    expect(csv.rows[1]).toMatchObject({ revenue_rmb: '0.05', subscription_rmb: '', payg_rmb: '' });
  });
  it('keeps a formula-looking name as text, but not a negative amount', () => {
    const csv = toCsv({ columns: ['tier', 'margin_rmb'], rows: [{ tier: ZH.tier(3), margin_rmb: fenToRmbDecimal(-1230) }] });
    expect(csv).toBe('tier,margin_rmb\r\n"\'=HYPERLINK(""x"")",-12.30\r\n');
  });
});

describe('summary and over-time CSV', () => {
  it('states the period, the filters and leaves ARPU empty without paying accounts', () => {
    const s = { revenueFen: 241916, subscriptionFen: 241911, packFen: 0, paygFen: 5, overageFen: 0, avgPayingAccounts: 0, arpuFen: 0, days: 8 };
    expect(summaryCsv(s, PERIOD, { modelFiltered: false, filters: 'Tier: Enterprise Assured 299.9' }).rows[0]).toEqual({
      from_date: '2026-11-23', to_date: '2026-11-30', days: 8, filters: 'Tier: Enterprise Assured 299.9', revenue_rmb: '2419.16',
      subscription_rmb: '2419.11', packs_rmb: '0.00', payg_rmb: '0.05', overage_rmb: '0.00', avg_paying_accounts: '0.00', arpu_rmb: '',
    });
  });
  it('cuts weeks to the days in the range', () => {
    // Range Wed 2026-11-25 .. Mon 2026-11-30: the week of Mon 11-23 covers 11-25..11-29, the week of 11-30 one day.
    const p = { fromMs: d('2026-11-25'), toMs: d('2026-12-01') };
    const csv = overTimeCsv([{ periodMs: d('2026-11-23'), tierId: 10, revenueFen: 100 }, { periodMs: d('2026-11-30'), tierId: 10, revenueFen: 7 }], 'week', p, ZH);
    expect(csv.rows).toEqual([
      { period_start: '2026-11-25', period_end: '2026-11-29', grain: 'week', tier: 'Enterprise Assured 299.9', revenue_rmb: '1.00', tier_id: 10 },
      { period_start: '2026-11-30', period_end: '2026-11-30', grain: 'week', tier: 'Enterprise Assured 299.9', revenue_rmb: '0.07', tier_id: 10 },
    ]);
  });
  it('names files after the period', () => {
    expect(csvFileName('revenue-breakdown', PERIOD)).toBe('revenue-breakdown_2026-11-23_2026-11-30.csv');
    expect(csvFileName('revenue-breakdown', null)).toBe('revenue-breakdown.csv');
  });
});

describe('quota burn CSV', () => {
  it('writes run-out and month end as ISO days and money in RMB', () => {
    const r: QuotaBurnViewRow = {
      accountId: 738, tierId: 10, segment: 'enterprise', province: 'Guangdong', includedTokens: 3_500_000, usedTokens: 5_460_000, recentTokensPerDay: 746_000.4,
      runoutDayMs: d('2026-11-27'), periodEndMs: d('2026-12-01'), forecastOverageTokens: 0, expectedOverageFen: 592, overageFenSoFar: 470,
    };
    expect(quotaBurnCsv([r], ZH).rows[0]).toEqual({
      account_id: 738, tier: 'Enterprise Assured 299.9', segment: '大型企业', province: '广东', included_tokens: 3_500_000, used_tokens: 5_460_000,
      used_pct: '156.0', tokens_per_day: 746_000, runout_date: '2026-11-27', period_end_date: '2026-11-30', expected_overage_rmb: '5.92',
      overage_so_far_rmb: '4.70', tier_id: 10, segment_key: 'enterprise', province_key: 'Guangdong',
    });
  });
});
