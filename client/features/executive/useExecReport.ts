// Loads one report at a time: a new request shows loading (never the previous period's figures under the new title),
// late answers to an older request are dropped, and a failed refresh of the same request keeps its figures, marked stale.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExecReport } from '../../../schema/executive.js';
import { describeCallError } from '../../api/trpcClient.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import type { Loadable } from '../../ui/ViewState.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import type { ExecutiveApi, ReportRequest } from './executiveApi.js';

export interface ExecReportResult {
  /** Loading until the report for exactly this request arrives; ready may be stale (its latest refresh failed). */
  state: Loadable<ExecReport>;
  /** A refresh of the same request is on its way (the figures shown are the last ones received). */
  refreshing: boolean;
  /** Asks again for the same request. */
  reload(): void;
}

interface Got { key: string; report: ExecReport | null; asOfMs: number | null; error: string | null; pending: boolean }

const keyOf = (r: ReportRequest | null) => (r ? `${r.definitionId}\u0000${r.period}` : null);

/** `request` null: nothing to ask yet (no definition, or an invalid period). */
export function useExecReport(api: ExecutiveApi, request: ReportRequest | null): ExecReportResult {
  const key = keyOf(request);
  const { t: common } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  // Read when a call fails, so a change of language does not ask the server again.
  const describe = useRef((e: unknown) => describeCallError(e, common, t('call.readReport')));
  describe.current = (e: unknown) => describeCallError(e, common, t('call.readReport'));
  const [got, setGot] = useState<Got | null>(null);
  const [reloads, setReloads] = useState(0);
  const definitionId = request?.definitionId ?? null;
  const period = request?.period ?? null;

  useEffect(() => {
    if (key === null || definitionId === null || period === null) return;
    let cancelled = false;
    setGot((g) => (g?.key === key ? { ...g, pending: true } : { key, report: null, asOfMs: null, error: null, pending: true }));
    api.report({ definitionId, period }).then(
      (report) => { if (!cancelled) setGot({ key, report, asOfMs: Date.now(), error: null, pending: false }); },
      (e: unknown) => {
        if (cancelled) return;
        const error = describe.current(e);
        setGot((g) => (g?.key === key ? { ...g, error, pending: false } : { key, report: null, asOfMs: null, error, pending: false }));
      },
    );
    // A newer request (or reload) supersedes this one: its answer, whenever it comes, is dropped.
    return () => { cancelled = true; };
  }, [api, key, definitionId, period, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const current = got !== null && got.key === key ? got : null;
  let state: Loadable<ExecReport>;
  if (current?.report) state = { kind: 'ready', value: current.report, asOfMs: current.asOfMs, stale: current.error };
  else if (current?.error && !current.pending) state = { kind: 'error', error: current.error };
  else state = { kind: 'loading' };
  return { state, refreshing: current !== null && current.pending && current.report !== null, reload };
}
