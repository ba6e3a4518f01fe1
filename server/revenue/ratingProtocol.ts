// Messages between the revenue service and its rating worker thread (typed arrays and IPC bytes are moved, not copied).
import type { Account, Tier } from '../../schema/tables.js';
import type { RatedTableName } from '../../schema/ratedTables.js';
import type { RatingRange } from '../../pipelines/rating/rateAccount.js';
import type { UsageAggregateUpdate } from '../../pipelines/rating/usageAggregates.js';

export interface RateRequest {
  id: number;
  range: RatingRange;
  nowMs: number;
  /** Ask for the account list even if it did not change (the service has none yet). */
  needAccounts: boolean;
}

export interface RatingStats extends UsageAggregateUpdate {
  /** Worker time: usage scan + rating, and Arrow IPC encoding. */
  rateMs: number;
  ipcMs: number;
}

export type RateResponse =
  | { type: 'ready' }
  | { type: 'failed'; id: number; error: string }
  | {
    type: 'rated'; id: number;
    range: RatingRange; tiers: Tier[]; errors: Record<string, number>; errorSamples: string[]; usageRows: number;
    rows: Record<RatedTableName, number>;
    ipc: Record<RatedTableName, Uint8Array>;
    /** Null when unchanged since the previous answer. */
    accounts: Account[] | null;
    fen: Float64Array; tier: Int32Array; paying: Uint8Array;
    stats: RatingStats;
  };
