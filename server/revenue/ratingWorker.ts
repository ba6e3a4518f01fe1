// Worker-thread entry of the rating: scans the lake's new usage files, rates every account and encodes the rated
// tables as Arrow IPC here, so the server's event loop only receives the result (buffers moved, not copied).
import { parentPort, workerData } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { rowsToTable, tableToIpcStream } from '../../schema/arrowRows.js';
import type { TableSpec } from '../../schema/columns.js';
import { RATED_TABLES, type RatedTableName } from '../../schema/ratedTables.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { rateLakeIncremental } from '../../pipelines/rating/rateLake.js';
import { UsageAggregateCache } from '../../pipelines/rating/usageAggregates.js';
import type { RateRequest, RateResponse } from './ratingProtocol.js';

function toIpc(name: RatedTableName, rows: readonly object[]): Uint8Array {
  return tableToIpcStream(rowsToTable(RATED_TABLES[name] as TableSpec, rows as never));
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('ratingWorker runs only as a worker thread');
  const { lakeDir } = workerData as { lakeDir: string };
  const lake = await LakeReader.open(lakeDir);
  // A database and connection of the worker's own for its whole life: the usage aggregate table lives in it from run to run.
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const cache = new UsageAggregateCache(conn);
  let accountsKey = '';

  port.on('message', (req: RateRequest) => {
    void (async () => {
      try {
        const t0 = performance.now();
        const rated = await rateLakeIncremental(conn, cache, { lake, range: req.range, nowMs: req.nowMs });
        const tRated = performance.now();
        const ipc = { revenue_day: toIpc('revenue_day', rated.revenueDay), model_day: toIpc('model_day', rated.modelDay), quota_burn: toIpc('quota_burn', rated.quotaBurn) };
        const tIpc = performance.now();
        // Accounts are sent only when they changed (the account dimension is static unless the lake is replaced).
        const key = (await lake.files('account')).join('\n') + `|${rated.accountDays.accounts.length}`;
        const sendAccounts = key !== accountsKey || req.needAccounts;
        accountsKey = key;
        const d = rated.accountDays;
        const res: RateResponse = {
          type: 'rated', id: req.id,
          range: rated.range, tiers: rated.tiers, errors: rated.errors, errorSamples: rated.errorSamples, usageRows: rated.usageRows,
          rows: { revenue_day: rated.revenueDay.length, model_day: rated.modelDay.length, quota_burn: rated.quotaBurn.length },
          ipc, accounts: sendAccounts ? d.accounts : null, fen: d.fen, tier: d.tier, paying: d.paying,
          stats: { ...rated.update, rateMs: tRated - t0, ipcMs: tIpc - tRated },
        };
        port.postMessage(res, [ipc.revenue_day.buffer, ipc.model_day.buffer, ipc.quota_burn.buffer, d.fen.buffer, d.tier.buffer, d.paying.buffer] as ArrayBuffer[]);
      } catch (err) {
        port.postMessage({ type: 'failed', id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies RateResponse);
      }
    })();
  });
  port.postMessage({ type: 'ready' } satisfies RateResponse);
}

main().catch((err: unknown) => {
  // Startup failed (e.g. no manifest): say so and end, the service reports it and retries on its next run.
  parentPort?.postMessage({ type: 'failed', id: -1, error: err instanceof Error ? err.message : String(err) } satisfies RateResponse);
  process.exit(1);
});
