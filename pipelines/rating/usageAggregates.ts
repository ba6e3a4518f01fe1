// Usage aggregated per account, UTC day and model in a DuckDB table that grows by the lake's new Parquet files only,
// so a re-rating scans what was flushed since the last one instead of the whole lake.
import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../../schema/duckdbSql.js';
import type { RatingRange } from './rateAccount.js';

/** The cache's table: exact integer sums per account, day (epoch ms of UTC midnight) and model. */
export const USAGE_AGG_TABLE = 'rating_usage_agg';

interface FileStamp { size: number; mtimeMs: number }

export interface UsageAggregateUpdate {
  /** Files read this time (all of them after a rebuild). */
  scannedFiles: number;
  /** True when a known file vanished or changed, so everything was read again. */
  rebuilt: boolean;
  /** Rows in the aggregate table after the update. */
  aggRows: number;
}

// Rows are re-folded once the rows appended since the last fold exceed this share of the table (live flushes add
// many small files whose rows barely aggregate on their own).
const REFOLD_SHARE = 0.25;

// Sums are stored as BIGINT (half the memory of HUGEINT): one account's day of one model is far below 2^63, and a
// sum that did not fit would fail the cast (and the run) rather than wrap.
const AGG_SELECT = `account_id, epoch_ms(date_trunc('day', ts))::BIGINT AS day, model,
  count(*)::BIGINT AS n, sum(tokens_in)::BIGINT AS tin, sum(tokens_out)::BIGINT AS tout, sum(cached_tokens)::BIGINT AS cached,
  sum(tokens_in - least(cached_tokens, tokens_in) + tokens_out)::BIGINT AS full_rate_tokens,
  sum(least(cached_tokens, tokens_in))::BIGINT AS cached_rate_tokens,
  sum((tokens_in::HUGEINT + tokens_out) * compute_cost_fen_per_mtok)::BIGINT AS compute_cost_ufen`;

const SUMS = `sum(n)::BIGINT AS n, sum(tin)::BIGINT AS tin, sum(tout)::BIGINT AS tout, sum(cached)::BIGINT AS cached,
  sum(full_rate_tokens)::BIGINT AS full_rate_tokens, sum(cached_rate_tokens)::BIGINT AS cached_rate_tokens,
  sum(compute_cost_ufen)::BIGINT AS compute_cost_ufen`;

/**
 * Lake files are written once (temp file + rename) and never changed, so a file seen before contributes the same
 * rows forever; one that vanished or changed size or mtime makes the cache start over, which is always exact.
 */
export class UsageAggregateCache {
  private readonly seen = new Map<string, FileStamp>();
  private aggRows = 0;
  private rowsSinceFold = 0;
  private created = false;

  /** `conn` must stay open across updates (the table lives in its database). */
  constructor(private readonly conn: DuckDBConnection) {}

  async update(files: readonly string[]): Promise<UsageAggregateUpdate> {
    const stamps = new Map<string, FileStamp>();
    for (const f of files) {
      const s = await stat(f);
      stamps.set(f, { size: s.size, mtimeMs: s.mtimeMs });
    }
    let rebuilt = false;
    for (const [f, old] of this.seen) {
      const now = stamps.get(f);
      if (!now || now.size !== old.size || now.mtimeMs !== old.mtimeMs) { rebuilt = true; break; }
    }
    if (rebuilt || !this.created) {
      await this.conn.run(`CREATE OR REPLACE TABLE ${USAGE_AGG_TABLE} (account_id INTEGER, day BIGINT, model VARCHAR,
        n BIGINT, tin BIGINT, tout BIGINT, cached BIGINT, full_rate_tokens BIGINT, cached_rate_tokens BIGINT, compute_cost_ufen BIGINT)`);
      this.seen.clear();
      this.aggRows = 0;
      this.rowsSinceFold = 0;
      this.created = true;
    }
    const fresh = files.filter((f) => !this.seen.has(f));
    if (fresh.length) {
      const src = `read_parquet([${fresh.map(quoteLiteral).join(', ')}], union_by_name = false)`;
      const res = await this.conn.run(`INSERT INTO ${USAGE_AGG_TABLE} SELECT ${AGG_SELECT} FROM ${src} GROUP BY ALL`);
      const added = Number(res.rowsChanged);
      this.aggRows += added;
      this.rowsSinceFold += added;
      for (const f of fresh) this.seen.set(f, stamps.get(f)!);
      if (!rebuilt && this.seen.size > fresh.length && this.rowsSinceFold > REFOLD_SHARE * this.aggRows) await this.fold();
    }
    return { scannedFiles: fresh.length, rebuilt: rebuilt || this.seen.size === fresh.length, aggRows: this.aggRows };
  }

  /** Sums rows of the same account, day and model (an aggregate of exact integer sums stays exact). */
  private async fold(): Promise<void> {
    await this.conn.run(`CREATE OR REPLACE TABLE ${USAGE_AGG_TABLE} AS SELECT account_id, day, model, ${SUMS} FROM ${USAGE_AGG_TABLE} GROUP BY ALL`);
    const r = await this.conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${USAGE_AGG_TABLE}`);
    this.aggRows = Number(r.getRowObjectsJS()[0]?.n ?? 0);
    this.rowsSinceFold = 0;
  }
}

/** Per account and day in a day-aligned range: the columns rateLake's account-day relation has. */
export function accountDayFromAggSql(range: RatingRange): string {
  return `SELECT account_id, day::DOUBLE AS day, sum(n)::DOUBLE AS n, sum(tin)::DOUBLE AS tin, sum(tout)::DOUBLE AS tout, sum(cached)::DOUBLE AS cached
    FROM ${USAGE_AGG_TABLE} WHERE day >= ${Math.floor(range.fromMs)} AND day < ${Math.floor(range.toMs)} GROUP BY account_id, day`;
}

/**
 * Model usage per day and account cell, as rateLake's raw-usage query computes it. Usage counts from the signup day
 * on: the same as "ts >= signup_date" because signup dates are UTC midnights (the caller checks that).
 */
export function modelUsageFromAggSql(range: RatingRange): string {
  return `SELECT u.day::DOUBLE AS day, a.tier_id, a.segment, a.province, a.channel, u.model,
      count(DISTINCT u.account_id)::DOUBLE AS active_accounts, sum(u.n)::DOUBLE AS requests,
      sum(u.tin)::DOUBLE AS tokens_in, sum(u.tout)::DOUBLE AS tokens_out, sum(u.cached)::DOUBLE AS cached_tokens,
      sum(u.full_rate_tokens::HUGEINT * 100 + u.cached_rate_tokens::HUGEINT * t.cached_rate_pct)::DOUBLE AS billable_centitokens,
      sum(u.compute_cost_ufen)::DOUBLE AS compute_cost_ufen
    FROM ${USAGE_AGG_TABLE} u JOIN account a USING (account_id) JOIN tier t ON t.tier_id = a.tier_id
    WHERE u.day >= ${Math.floor(range.fromMs)} AND u.day < ${Math.floor(range.toMs)} AND u.day >= epoch_ms(a.signup_date)
    GROUP BY ALL`;
}
