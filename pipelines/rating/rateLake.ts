// Rates every account of a lake (DuckDB over the Parquet usage, all of it or a per-file usage aggregate) and builds the
// rated tables and per-account daily revenue.
import type { DuckDBConnection } from '@duckdb/node-api';
import { TABLES, type Account, type Tier } from '../../schema/tables.js';
import { jsFriendlySelect } from '../../schema/duckdbSql.js';
import { regionOfProvince, type ModelDayRow, type QuotaBurnRow, type RevenueDayRow } from '../../schema/ratedTables.js';
import type { LakeReader } from '../lake/lakeReader.js';
import { DAY_MS, daysBetween } from './exactMoney.js';
import { RatingInputError, dailyTotalFen, rateAccount, type DailyUsage, type InvoiceLine, type RatingRange, type TierChange } from './rateAccount.js';
import { RevenueCubeBuilder, type ModelUsageRow } from './revenueCube.js';
import { forecastQuotaBurn } from './quotaBurn.js';
import { accountDayFromAggSql, modelUsageFromAggSql, type UsageAggregateCache, type UsageAggregateUpdate } from './usageAggregates.js';

/** Revenue recognised per account and day, column-major: the server's independent path to any total. */
export interface AccountDayRevenue {
  range: RatingRange;
  accounts: Account[];
  /** fen[accountIndex * nDays + dayIndex] */
  fen: Float64Array;
  /** tier in force on that day (the account's tier where it had no revenue or usage) */
  tier: Int32Array;
  /** 1 where the account counts as paying that day (its rating's paying spans), else 0: churn is read from it. */
  paying: Uint8Array;
}

export interface RatedLake {
  range: RatingRange;
  revenueDay: RevenueDayRow[];
  modelDay: ModelDayRow[];
  quotaBurn: QuotaBurnRow[];
  accountDays: AccountDayRevenue;
  tiers: Tier[];
  /** Accounts that could not be rated, by reason (they are left out, never crash the run). */
  errors: Record<string, number>;
  errorSamples: string[];
  usageRows: number;
}

export interface RateLakeOptions {
  lake: LakeReader;
  range: RatingRange;
  /** Forecast instant for the quota burn-down (simulator now). */
  nowMs: number;
  /** Plan changes by account (the lake records only current tiers). */
  tierChanges?: ReadonlyMap<number, readonly TierChange[]>;
  accountsPerChunk?: number;
}

const ms = (n: number) => `make_timestamp_ms(${Math.floor(n)})`;

async function rows<T>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

/**
 * One connection of the lake's own per run; usage is aggregated per account-day once, then rated in account chunks.
 * Scans all the usage every time: the reference the incremental path (rateLakeIncremental) is tested against.
 */
export function rateLake(o: RateLakeOptions): Promise<RatedLake> {
  return o.lake.withConnection(async (conn) => {
    const usageSrc = await o.lake.source('usage');
    await loadDimensions(conn, o.lake);
    const inRange = `ts >= ${ms(o.range.fromMs)} AND ts < ${ms(o.range.toMs)}`;
    return rateWith(conn, o, {
      accountDaySql: `SELECT account_id, epoch_ms(date_trunc('day', ts))::DOUBLE AS day, count(*)::DOUBLE AS n,
        sum(tokens_in)::DOUBLE AS tin, sum(tokens_out)::DOUBLE AS tout, sum(cached_tokens)::DOUBLE AS cached
        FROM ${usageSrc} WHERE ${inRange} GROUP BY ALL`,
      modelUsageSql: `
        SELECT epoch_ms(date_trunc('day', u.ts))::DOUBLE AS day, a.tier_id, a.segment, a.province, a.channel, u.model,
          count(DISTINCT u.account_id)::DOUBLE AS active_accounts, count(*)::DOUBLE AS requests,
          sum(u.tokens_in)::DOUBLE AS tokens_in, sum(u.tokens_out)::DOUBLE AS tokens_out, sum(u.cached_tokens)::DOUBLE AS cached_tokens,
          sum((u.tokens_in - least(u.cached_tokens, u.tokens_in) + u.tokens_out)::HUGEINT * 100 + least(u.cached_tokens, u.tokens_in)::HUGEINT * t.cached_rate_pct)::DOUBLE AS billable_centitokens,
          sum((u.tokens_in::HUGEINT + u.tokens_out) * u.compute_cost_fen_per_mtok)::DOUBLE AS compute_cost_ufen
        FROM ${usageSrc} u JOIN account a USING (account_id) JOIN tier t ON t.tier_id = a.tier_id
        WHERE ${inRange} AND u.ts >= a.signup_date::TIMESTAMP
        GROUP BY ALL`,
    });
  });
}

/**
 * Rates from a usage aggregate that is kept up to date with the lake's new files only (see UsageAggregateCache):
 * the same result as rateLake, to the fen. `conn` is the cache's own connection; the range must be whole UTC days.
 */
export async function rateLakeIncremental(conn: DuckDBConnection, cache: UsageAggregateCache, o: RateLakeOptions): Promise<RatedLake & { update: UsageAggregateUpdate }> {
  if (o.range.fromMs % DAY_MS !== 0 || o.range.toMs % DAY_MS !== 0) throw new Error('incremental rating needs a range of whole UTC days');
  await loadDimensions(conn, o.lake);
  const [nonMidnight] = await rows<{ n: number }>(conn, `SELECT count(*)::DOUBLE AS n FROM account WHERE epoch_ms(signup_date) % ${DAY_MS} <> 0`);
  // Usage before signup is cut at the day: exact only when signups are UTC midnights, as the schema says they are.
  if ((nonMidnight?.n ?? 0) > 0) throw new Error('incremental rating needs signup dates at UTC midnight');
  const update = await cache.update(await o.lake.files('usage'));
  const rated = await rateWith(conn, o, { accountDaySql: accountDayFromAggSql(o.range), modelUsageSql: modelUsageFromAggSql(o.range) });
  return { ...rated, update };
}

/** The dimensions as temp tables `tier` and `account` of this connection (replaced on each run). */
async function loadDimensions(conn: DuckDBConnection, lake: LakeReader): Promise<void> {
  const [accountSrc, tierSrc] = await Promise.all([lake.source('account'), lake.source('tier')]);
  await conn.run(`CREATE OR REPLACE TEMP TABLE tier AS SELECT * FROM ${tierSrc}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE account AS SELECT * FROM ${accountSrc}`);
}

interface UsageQueries {
  /** account_id, day, n, tin, tout, cached per account and UTC day in range (DOUBLE). */
  accountDaySql: string;
  /** ModelUsageRow columns per day, account cell and model in range. */
  modelUsageSql: string;
}

async function rateWith(conn: DuckDBConnection, o: RateLakeOptions, usage: UsageQueries): Promise<RatedLake> {
  const { range } = o;
  const { lake } = o;
  const tiers = await rows<Tier>(conn, `SELECT ${jsFriendlySelect(TABLES.tier.spec)} FROM tier ORDER BY tier_id`);
  const accounts = await rows<Account>(conn, `SELECT ${jsFriendlySelect(TABLES.account.spec)} FROM account ORDER BY account_id`);
  if (!accounts.length || !tiers.length) throw new Error(`${lake.dir}: lake has no accounts or tiers`);
  const tierMap = new Map(tiers.map((t) => [t.tier_id, t]));
  await conn.run(`CREATE OR REPLACE TEMP TABLE acct_day AS ${usage.accountDaySql}`);

  const cube = new RevenueCubeBuilder(range);
  const nDays = daysBetween(range.fromMs, range.toMs);
  const fen = new Float64Array(accounts.length * nDays);
  const tierOfDay = new Int32Array(accounts.length * nDays);
  const payingDays = new Uint8Array(accounts.length * nDays);
  const quotaBurn: QuotaBurnRow[] = [];
  const errors: Record<string, number> = {};
  const errorSamples: string[] = [];
  let usageRows = 0;
  const chunk = o.accountsPerChunk ?? 20_000;
  for (let lo = 0; lo < accounts.length; lo += chunk) {
    const part = accounts.slice(lo, lo + chunk);
    const first = part[0]!.account_id, last = part[part.length - 1]!.account_id;
    const dayRows = await rows<{ account_id: number; day: number; n: number; tin: number; tout: number; cached: number }>(conn,
      `SELECT * FROM acct_day WHERE account_id BETWEEN ${first} AND ${last} ORDER BY account_id, day`);
    const byAccount = new Map<number, DailyUsage[]>();
    for (const r of dayRows) {
      usageRows += r.n;
      const u: DailyUsage = { dayMs: r.day, tokensIn: r.tin, tokensOut: r.tout, cachedTokens: r.cached };
      const list = byAccount.get(r.account_id);
      if (list) list.push(u); else byAccount.set(r.account_id, [u]);
    }
    part.forEach((a, j) => {
      const idx = lo + j;
      const base = idx * nDays;
      tierOfDay.fill(a.tier_id, base, base + nDays);
      try {
        const rating = rateAccount(a, tierMap, byAccount.get(a.account_id) ?? [], range, o.tierChanges?.get(a.account_id));
        cube.addAccount(a, rating);
        for (const d of rating.days) {
          const i = (d.dayMs - range.fromMs) / DAY_MS;
          fen[base + i] = dailyTotalFen(d);
          tierOfDay[base + i] = d.tierId;
        }
        for (const p of rating.paying) payingDays.fill(1, base + (p.fromMs - range.fromMs) / DAY_MS, base + (p.toMs - range.fromMs) / DAY_MS);
        const f = forecastQuotaBurn(rating, tierMap, o.nowMs, range.fromMs);
        if (f) {
          quotaBurn.push({
            account_id: a.account_id, tier_id: f.tierId, segment: a.segment, province: a.province, region: regionOfProvince(a.province),
            channel: a.channel, period_start: f.periodStartMs, period_end: f.periodEndMs, included_tokens: f.includedTokens,
            used_tokens: f.usedTokens, recent_tokens_per_day: f.recentTokensPerDay, runout_day: f.runoutDayMs,
            forecast_overage_tokens: f.forecastOverageTokens, expected_overage_fen: f.expectedOverageFen, overage_fen_so_far: f.overageFenSoFar,
          });
        }
      } catch (e) {
        if (!(e instanceof RatingInputError)) throw e;
        const reason = e.message.replace(/^account \d+: /, '').replace(/\d+/g, 'N').slice(0, 80);
        errors[reason] = (errors[reason] ?? 0) + 1;
        if (errorSamples.length < 20) errorSamples.push(e.message);
      }
    });
  }

  const modelUsage = await rows<ModelUsageRow>(conn, usage.modelUsageSql);
  const revenueDay = cube.revenueDay();
  const modelDay = cube.modelDay(modelUsage, revenueDay);
  return {
    range, revenueDay, modelDay, quotaBurn, tiers, errors, errorSamples, usageRows,
    accountDays: { range, accounts, fen, tier: tierOfDay, paying: payingDays },
  };
}

/** Invoice lines of one account, re-rated from the lake (for the account drill-down). */
export async function invoiceForAccount(o: { lake: LakeReader; range: RatingRange; accountId: number; tierChanges?: readonly TierChange[] }): Promise<InvoiceLine[] | null> {
  const { lake } = o;
  const id = Math.floor(o.accountId);
  const [acc, tiers] = await Promise.all([
    lake.queryRows<Account>(`SELECT ${jsFriendlySelect(TABLES.account.spec)} FROM ${await lake.source('account')} WHERE account_id = ${id}`),
    lake.rows('tier'),
  ]);
  if (!acc[0]) return null;
  const usage = await lake.queryRows<{ day: number; tin: number; tout: number; cached: number }>(`
    SELECT epoch_ms(date_trunc('day', ts))::DOUBLE AS day, sum(tokens_in)::DOUBLE AS tin, sum(tokens_out)::DOUBLE AS tout, sum(cached_tokens)::DOUBLE AS cached
    FROM ${await lake.source('usage')} WHERE account_id = ${id} AND ts >= ${ms(o.range.fromMs)} AND ts < ${ms(o.range.toMs)} GROUP BY 1`);
  return rateAccount(acc[0], new Map(tiers.map((t) => [t.tier_id, t])),
    usage.map((u) => ({ dayMs: u.day, tokensIn: u.tin, tokensOut: u.tout, cachedTokens: u.cached })), o.range, o.tierChanges).lines;
}
