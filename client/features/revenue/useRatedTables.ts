// Loads the server's rated tables (one rating version) into this tab's DuckDB and says which step it is at: starting
// DuckDB, waiting for the first rating, loading tables, ready (stale if the latest re-rating failed, partial if some
// accounts went unrated), or error with a retry.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { useCan } from '../../app/permissions.js';
import { usePolling } from '../../ui/usePolling.js';
import type { FilterOptions } from './filterOptions.js';
import { loadRatedTables } from './ratedTablesLoader.js';
import { DIMENSIONS_SQL } from './revenueQueries.js';

export type RatedPhase = 'starting' | 'waitingRating' | 'tables' | 'ready' | 'error';

export interface RatedTablesState {
  phase: RatedPhase;
  /** Rating version held in DuckDB (null until the first load). */
  version: number | null;
  /** The server's newest version (ahead of `version` while a re-rating is being loaded). */
  latestVersion: number;
  options: FilterOptions | null;
  /** Simulated time the loaded rating is as of. */
  asOfMs: number | null;
  error: string | null;
  /** The error is the rating's own (the server could not rate the lake), not this tab's. */
  ratingFailed: boolean;
  /** The latest re-rating failed: the page still shows the last good one. */
  staleReason: string | null;
  unrated: { n: number; reasons: string } | null;
  stats: { durationMs: number; usageRows: number } | null;
  retry(): void;
}

export function useRatedTables(): RatedTablesState {
  const { trpc, dataset } = useAppServices();
  const can = useCan();
  const ds = useSyncExternalStore(dataset.subscribe, dataset.getState);
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<{ version: number; options: FilterOptions } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const status = usePolling(() => trpc.revenue.status.query(), 5000, [attempt]);
  const s = status.value;
  const serverVersion = s?.version ?? 0;
  // The as-of time of each version seen, so the header dates the version loaded, not a newer one still loading.
  const asOfByVersion = useRef(new Map<number, number>());
  if (s?.asOfMs != null && s.version > 0) asOfByVersion.current.set(s.version, s.asOfMs);

  useEffect(() => {
    if (!ds.ready || serverVersion === 0 || serverVersion === loaded?.version) return;
    let cancelled = false;
    setLoadError(null);
    loadRatedTables(dataset).then(async (v) => {
      if (cancelled || v === null) return;
      const [tiers, provinces, models, days] = await Promise.all([
        dataset.query<{ id: number; name: string }>('SELECT tier_id AS id, name FROM tier ORDER BY tier_id'),
        dataset.query<{ v: string }>(DIMENSIONS_SQL.provinces),
        dataset.query<{ v: string }>(DIMENSIONS_SQL.models),
        dataset.query<{ lo: number | null; hi: number | null }>(DIMENSIONS_SQL.days),
      ]);
      if (cancelled) return;
      setLoaded({ version: v, options: { tiers, provinces: provinces.map((r) => r.v), models: models.map((r) => r.v), minDayMs: days[0]?.lo ?? null, maxDayMs: days[0]?.hi ?? null } });
    }).catch((e: unknown) => { if (!cancelled) setLoadError(e instanceof Error ? e.message : String(e)); });
    return () => { cancelled = true; };
  }, [ds.ready, serverVersion, loaded?.version, dataset, attempt]);

  const retry = useCallback(() => {
    if (ds.phase === 'error' && !ds.ready) { window.location.reload(); return; }
    // A failed rating is re-run (for roles that may), a failed load or status read is simply asked again.
    if (s && !s.ready && s.lastError && can('revenue.refresh')) void trpc.revenue.refresh.mutate().catch(() => undefined).finally(() => setAttempt((a) => a + 1));
    else setAttempt((a) => a + 1);
  }, [ds.phase, ds.ready, s, can, trpc]);

  const base = {
    version: loaded?.version ?? null, latestVersion: serverVersion, options: loaded?.options ?? null,
    asOfMs: loaded ? asOfByVersion.current.get(loaded.version) ?? null : null,
    staleReason: loaded ? s?.lastError ?? loadError : null,
    unrated: unratedOf(s?.ratingErrors),
    stats: s && s.durationMs !== null ? { durationMs: s.durationMs, usageRows: s.usageRows } : null,
    retry,
  };
  // Once a version is loaded the page keeps it through later hiccups (marked stale); before that, each step says what it waits for.
  const fine = { error: null, ratingFailed: false };
  if (loaded) return { ...base, ...fine, phase: 'ready' };
  if (ds.phase === 'error' && !ds.ready) return { ...base, phase: 'error', error: ds.error ?? 'DuckDB failed to start', ratingFailed: false };
  if (loadError) return { ...base, phase: 'error', error: loadError, ratingFailed: false };
  if (!s && status.error) return { ...base, phase: 'error', error: status.error, ratingFailed: false };
  if (s && !s.ready && s.lastError) return { ...base, phase: 'error', error: s.lastError, ratingFailed: true };
  if (!ds.ready) return { ...base, ...fine, phase: 'starting' };
  if (!s || !s.ready) return { ...base, ...fine, phase: 'waitingRating' };
  return { ...base, ...fine, phase: 'tables' };
}

function unratedOf(errors: Record<string, number> | undefined): { n: number; reasons: string } | null {
  const entries = Object.entries(errors ?? {}).filter(([, n]) => n > 0);
  if (!entries.length) return null;
  return { n: entries.reduce((a, [, n]) => a + n, 0), reasons: entries.map(([r, n]) => `${r}: ${n}`).join(', ') };
}
