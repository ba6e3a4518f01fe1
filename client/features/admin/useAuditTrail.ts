// Loads the audit trail page by page (newest first, older pages by `beforeSeq`) for the current filters; answers for older
// filters are dropped, and a failed reload keeps the entries shown (the panel marks them stale).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditChainCheck, AuditEntry } from '../../../schema/access.js';
import { AUDIT_PAGE_SIZE, auditQueryOf, isReversed, type AuditFilters, type AuditQuery } from './auditQuery.js';

export interface AuditTrailState {
  entries: AuditEntry[] | null;
  chain: AuditChainCheck | null;
  hasOlder: boolean;
  loading: boolean;
  error: string | null;
  /** When the entries shown were read. */
  asOfMs: number | null;
}

const EMPTY: AuditTrailState = { entries: null, chain: null, hasOlder: false, loading: false, error: null, asOfMs: null };

export function useAuditTrail(
  fetchPage: (q: AuditQuery) => Promise<{ entries: AuditEntry[]; chain: AuditChainCheck }>,
  filters: AuditFilters,
  describeError: (e: unknown) => string,
  enabled: boolean,
  timeZone = 'UTC',
): AuditTrailState & { loadOlder: () => void; reload: () => void } {
  const [state, setState] = useState<AuditTrailState>(EMPTY);
  // Answers for an older filter set (or an older reload) are dropped.
  const generation = useRef(0);
  const filterKey = JSON.stringify([filters, timeZone]);
  const shownKey = useRef<string | null>(null);
  // The filters by value: a new object with the same filters (another URL key changed) is not a new query.
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  const load = useCallback((beforeSeq: number | undefined) => {
    const gen = beforeSeq === undefined ? ++generation.current : generation.current;
    // New filters: what is on screen belongs to the old ones, so it goes (a reload of the same filters keeps it).
    const sameFilters = shownKey.current === filterKey;
    setState((s) => (sameFilters ? { ...s, loading: true } : { ...EMPTY, loading: true }));
    fetchPage(auditQueryOf(filtersRef.current, beforeSeq, AUDIT_PAGE_SIZE, timeZone)).then((r) => {
      if (gen !== generation.current) return;
      shownKey.current = filterKey;
      setState((s) => ({
        entries: beforeSeq === undefined ? r.entries : [...(s.entries ?? []), ...r.entries],
        chain: r.chain, hasOlder: r.entries.length === AUDIT_PAGE_SIZE, loading: false, error: null, asOfMs: Date.now(),
      }));
    }, (e: unknown) => {
      if (gen === generation.current) setState((s) => ({ ...s, loading: false, error: describeError(e) }));
    });
  }, [fetchPage, describeError, timeZone, filterKey]);

  useEffect(() => { if (enabled && !isReversed(filtersRef.current)) load(undefined); }, [enabled, load]);

  const oldestSeq = state.entries?.length ? state.entries[state.entries.length - 1]!.seq : undefined;
  return {
    ...state,
    loadOlder: () => { if (oldestSeq !== undefined) load(oldestSeq); },
    reload: () => load(undefined),
  };
}
