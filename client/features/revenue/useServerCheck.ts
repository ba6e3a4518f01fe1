// The server's own total for the page's filters (summed account by account, not from the rated tables), compared
// with the page's total only when both answer the same filters and the same rating version.
import { useCallback, useMemo } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { usePolling } from '../../ui/usePolling.js';
import type { RevenueFilters } from './revenueQueries.js';

export type ServerCheck =
  | { kind: 'pending' }
  | { kind: 'notAvailable' }
  | { kind: 'error'; error: string }
  | { kind: 'match'; serverFen: number }
  | { kind: 'mismatch'; serverFen: number; diffFen: number };

/**
 * `pageTotal` is the page's total for exactly `filters` at `version` (null while it is loading). The server has no
 * model dimension, so a model filter has no check.
 */
export function useServerCheck(filters: RevenueFilters, version: number | null, pageTotal: { fen: number; version: number } | null): ServerCheck {
  const { trpc } = useAppServices();
  const noCheck = filters.models.length > 0;
  const input = useMemo(() => ({
    tierIds: filters.tierIds.length ? filters.tierIds : undefined,
    segments: filters.segments.length ? filters.segments : undefined,
    provinces: filters.provinces.length ? filters.provinces : undefined,
    regions: filters.regions.length ? filters.regions : undefined,
    channels: filters.channels.length ? filters.channels : undefined,
    fromMs: filters.fromMs ?? undefined,
    toMs: filters.toMs ?? undefined,
  }), [filters]);
  const inputKey = JSON.stringify(input);
  const load = useCallback(() => trpc.revenue.total.query(input), [trpc, input]);
  const server = usePolling(version === null || noCheck ? null : load, 30_000, [inputKey, version]);
  if (noCheck) return { kind: 'notAvailable' };
  if (server.state.kind === 'error') return { kind: 'error', error: server.state.error };
  const v = server.value;
  // A server answer for another rating version (it re-rated) says nothing about this total yet.
  if (!v || !pageTotal || v.version !== version || pageTotal.version !== version) return { kind: 'pending' };
  return v.totalFen === pageTotal.fen ? { kind: 'match', serverFen: v.totalFen } : { kind: 'mismatch', serverFen: v.totalFen, diffFen: pageTotal.fen - v.totalFen };
}
