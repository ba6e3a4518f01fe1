// The server's precomputed hourly token series (schema/firstPaint.ts), validated, for the usage chart's first paint;
// main.tsx starts the request with the page so it travels while the session check, this page's chunk and DuckDB-WASM load.
import { FIRST_PAINT_HOURLY_TOKENS_PATH, hourlyTokensSeriesSchema, type HourlyTokensSeries } from '../../../schema/firstPaint.js';

/** An early answer older than this is not used: the page fetches a fresh one. */
const EARLY_MAX_AGE_MS = 15_000;

export async function fetchFirstPaintSeries(): Promise<HourlyTokensSeries> {
  // Plain fetch rather than apiFetch: the early request runs before the session check, and its 401 must not end a session.
  const res = await fetch(FIRST_PAINT_HOURLY_TOKENS_PATH, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${FIRST_PAINT_HOURLY_TOKENS_PATH}: HTTP ${res.status}`);
  return hourlyTokensSeriesSchema.parse(await res.json());
}

let early: { startedMs: number; series: Promise<HourlyTokensSeries> } | null = null;

/** Starts the request now (page start), for the diagnostics page to take when it mounts. */
export function prefetchFirstPaintSeries(): void {
  const series = fetchFirstPaintSeries();
  series.catch(() => undefined); // the page that takes it reports failures
  early = { startedMs: performance.now(), series };
}

/** Forgets an early answer nobody took (sign-out: it belongs to the session that was signed in). */
export function discardFirstPaintPrefetch(): void {
  early = null;
}

/** The early request if recent (taken once; if it failed, e.g. before sign-in, asked again), else a new one. */
export function takeFirstPaintSeries(): Promise<HourlyTokensSeries> {
  const e = early;
  early = null;
  if (!e || performance.now() - e.startedMs > EARLY_MAX_AGE_MS) return fetchFirstPaintSeries();
  return e.series.catch(() => fetchFirstPaintSeries());
}
