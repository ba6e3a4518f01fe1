// SQL the spine page runs against the browser's DuckDB, and the row shapes it returns.
import type { HourlyTokens } from './UsageChart.js';

export const HOURLY_TOKENS_SQL = `
SELECT epoch_ms(date_trunc('hour', ts))::DOUBLE AS "hourMs",
       sum(tokens_in::BIGINT + tokens_out)::DOUBLE AS "tokens"
FROM usage GROUP BY 1 ORDER BY 1`;

export type HourlyTokensRow = HourlyTokens & Record<string, number>;

export const MAX_TS_SQL = `SELECT epoch_ms(max(ts))::DOUBLE AS "maxMs" FROM usage`;
