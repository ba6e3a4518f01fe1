// The browser's data window: the last 24 h of the server's data clock, floored to the hour.
export const HOUR_MS = 3_600_000;
export const WINDOW_HOURS = 24;

export function windowSinceMs(nowMs: number, hours: number = WINDOW_HOURS): number {
  return Math.floor((nowMs - hours * HOUR_MS) / HOUR_MS) * HOUR_MS;
}

export interface CatalogClock {
  /** The server's (possibly simulated) clock, when it reports one. */
  nowMs?: number;
  lake: { startMs: number; endMs: number };
  tables: ReadonlyArray<{ kind: 'dimension' | 'fact'; maxTs: number | null }>;
}

/**
 * "Now" as the data sees it: the simulator may run faster than the wall clock (OPSDECK_SIM_SPEED),
 * and a replayed lake may end in the past, so the server's clock wins, then the newest fact
 * timestamp, then the lake end; the browser's Date.now() only when there is no catalog.
 */
export function dataClockMs(catalog: CatalogClock | null, wallNowMs: number): number {
  if (!catalog) return wallNowMs;
  if (catalog.nowMs !== undefined) return catalog.nowMs;
  const factMax = catalog.tables.filter((t) => t.kind === 'fact' && t.maxTs !== null).map((t) => t.maxTs as number);
  return factMax.length > 0 ? Math.max(...factMax) : catalog.lake.endMs;
}
