// Loads one report at a time for the page: the newest request wins, and the last report stays available but marked stale.
import { useEffect, useState } from 'react';
import type { ExecReport } from '../../../schema/executive.js';
import { describeCallError } from '../../api/trpcClient.js';
import type { ExecutiveApi, ReportRequest } from './executiveApi.js';

export interface ExecReportState {
  /** The last report received; it may be for another request than the current one (see `current`). */
  report: ExecReport | null;
  /** True when `report` answers the current request. */
  current: boolean;
  loading: boolean;
  error: string | null;
}

const sameRequest = (a: ReportRequest | null, b: ReportRequest | null) =>
  a !== null && b !== null && a.definitionId === b.definitionId && a.period === b.period;

/** `request` null: nothing to ask yet (no definition, or an invalid custom range). `reloadKey` forces a refetch. */
export function useExecReport(api: ExecutiveApi, request: ReportRequest | null, reloadKey = 0): ExecReportState {
  const [loaded, setLoaded] = useState<{ request: ReportRequest; report: ExecReport } | null>(null);
  const [failed, setFailed] = useState<{ request: ReportRequest; error: string } | null>(null);
  const [pending, setPending] = useState<ReportRequest | null>(null);
  const definitionId = request?.definitionId ?? null;
  const period = request?.period ?? null;

  useEffect(() => {
    if (definitionId === null || period === null) return;
    const req = { definitionId, period };
    let cancelled = false;
    setPending(req);
    api.report(req).then(
      (report) => { if (!cancelled) { setLoaded({ request: req, report }); setFailed(null); setPending(null); } },
      (e: unknown) => { if (!cancelled) { setFailed({ request: req, error: describeCallError(e, 'Reading this report') }); setPending(null); } },
    );
    return () => { cancelled = true; };
  }, [api, definitionId, period, reloadKey]);

  return {
    report: loaded?.report ?? null,
    current: sameRequest(loaded?.request ?? null, request),
    loading: sameRequest(pending, request),
    error: failed && sameRequest(failed.request, request) ? failed.error : null,
  };
}
