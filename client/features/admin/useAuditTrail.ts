// Loads the audit trail page by page (newest first, older pages by `beforeSeq`) for the current filters.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditChainCheck, AuditEntry } from '../../../schema/access.js';
import { AUDIT_PAGE_SIZE, auditQueryOf, type AuditFilters, type AuditQuery } from './auditQuery.js';

export interface AuditTrailState {
  entries: AuditEntry[] | null;
  chain: AuditChainCheck | null;
  hasOlder: boolean;
  loading: boolean;
  error: string | null;
}

export function useAuditTrail(
  fetchPage: (q: AuditQuery) => Promise<{ entries: AuditEntry[]; chain: AuditChainCheck }>,
  filters: AuditFilters,
  describeError: (e: unknown) => string,
  enabled: boolean,
): AuditTrailState & { loadOlder: () => void; reload: () => void } {
  const [state, setState] = useState<AuditTrailState>({ entries: null, chain: null, hasOlder: false, loading: false, error: null });
  // Answers for an older filter set (or an older reload) are dropped.
  const generation = useRef(0);

  const load = useCallback((beforeSeq: number | undefined) => {
    const gen = beforeSeq === undefined ? ++generation.current : generation.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    fetchPage(auditQueryOf(filters, beforeSeq)).then((r) => {
      if (gen !== generation.current) return;
      setState((s) => ({
        entries: beforeSeq === undefined ? r.entries : [...(s.entries ?? []), ...r.entries],
        chain: r.chain, hasOlder: r.entries.length === AUDIT_PAGE_SIZE, loading: false, error: null,
      }));
    }, (e: unknown) => {
      if (gen === generation.current) setState((s) => ({ ...s, loading: false, error: describeError(e) }));
    });
  }, [fetchPage, filters, describeError]);

  useEffect(() => { if (enabled) load(undefined); }, [enabled, load]);

  const oldestSeq = state.entries?.length ? state.entries[state.entries.length - 1]!.seq : undefined;
  return {
    ...state,
    loadOlder: () => { if (oldestSeq !== undefined) load(oldestSeq); },
    reload: () => load(undefined),
  };
}
