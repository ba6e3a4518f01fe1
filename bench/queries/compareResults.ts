// Checks that DuckDB and the plain-JS baseline answered the same question (so the timing comparison is fair).
import { LATENCY_PERCENTILE_BOUND } from '../../schema/rollups.js';
type Row = Record<string, unknown>;

/**
 * A p95 read from the rollups' log-binned histogram (schema/rollups.ts) is within LATENCY_PERCENTILE_BOUND of the
 * nearest-rank p95; the baseline interpolates between two neighbouring samples (quantile_cont), hence twice the bound.
 */
const P95_RELATIVE_TOLERANCE = 2 * LATENCY_PERCENTILE_BOUND;

/**
 * Returns null when equal, else a short description of the first difference. Money (`*_fen`) may differ by 1 fen
 * (summation order); `p95_*` columns by P95_RELATIVE_TOLERANCE when `approxPercentiles` (a rollup answer).
 */
export function compareResults(sqlRows: readonly Row[], jsRows: readonly Row[], approxPercentiles = false): string | null {
  if (sqlRows.length !== jsRows.length) return `row count ${sqlRows.length} vs ${jsRows.length}`;
  for (let i = 0; i < sqlRows.length; i++) {
    const a = sqlRows[i]!, b = jsRows[i]!;
    for (const k of Object.keys(a)) {
      const x = a[k], y = b[k];
      if (typeof x === 'number' && typeof y === 'number') {
        const tol = k.endsWith('_fen') ? 1 + 1e-9 * Math.abs(x)
          : approxPercentiles && k.startsWith('p95') ? P95_RELATIVE_TOLERANCE * Math.abs(y)
            : 1e-9 * Math.max(1, Math.abs(x));
        if (!(Math.abs(x - y) <= tol)) return `row ${i} ${k}: ${x} vs ${y}`;
      } else if (x !== y) return `row ${i} ${k}: ${String(x)} vs ${String(y)}`;
    }
  }
  return null;
}
