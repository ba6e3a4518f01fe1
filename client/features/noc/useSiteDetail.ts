// The drill-down's data (KPI series, open alarms, accounts) for the selected site, tagged with the site and window it
// answers, so a series of another window or site is never shown as this one's. The series comes from the browser
// (kpi_5m for buckets of whole 5 minutes, else its raw rows); alarms and accounts are raw rows: the browser's when it
// holds the window, else the server's (noc.siteDetail), which may answer later: the series is shown meanwhile.
import { useEffect, useRef, useState } from 'react';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import type { OpsDeckClient } from '../../api/trpcClient.js';
import type { LiveDataset } from '../../dataSync/liveDataset.js';
import type { Loadable } from '../../ui/ViewState.js';
import { siteAccountsSql, siteOpenAlarmsSql, siteSeriesRollupSql, siteSeriesSql } from './nocQueries.js';
import { AnswerGate, siteRequestKey, type NocRequest } from './nocRequest.js';
import { planDetail } from './nocWindowPlan.js';
import type { NocSnapshot } from './useNocData.js';
import type { OpenAlarm, ServedAccount, SiteDetail, SiteSeriesPoint } from './nocTypes.js';

/** A detail with the question it answers. */
export interface TaggedSiteDetail extends SiteDetail {
  /** siteRequestKey(request, siteId). */
  key: string;
  request: NocRequest;
  siteId: number;
  window: AssuranceWindow;
  /** Alarms and accounts: 'loading' while the server is still reading them (the series is already here). */
  lists?: 'ready' | 'loading' | { error: string };
}

interface Held { key: string; detail: TaggedSiteDetail | null; error: string | null }
type Lists = Pick<SiteDetail, 'openAlarms' | 'accounts'>;

export function useSiteDetail(o: { dataset: LiveDataset; trpc: OpsDeckClient; siteId: number | null; snapshot: NocSnapshot | null }): Loadable<TaggedSiteDetail> {
  const { siteId, snapshot } = o;
  const key = siteId === null || !snapshot ? null : siteRequestKey(snapshot.request, siteId);
  const [held, setHeld] = useState<Held | null>(null);
  const gate = useRef(new AnswerGate());
  /** Ticket of the answer on screen: late lists of an older answer are not put beside a newer series. */
  const shown = useRef(-1);
  const win = snapshot?.window;
  const via = snapshot?.via;
  const request = snapshot?.request;

  useEffect(() => {
    if (key === null || siteId === null || !win || !via || !request) return;
    let stop = false;
    const w = { ...win };
    const ticket = gate.current.issue(key);
    const { dataset, trpc } = o;
    const plan = planDetail(w, { sinceMs: dataset.getState().sinceMs ?? Infinity, rollups: via === 'rollup' });
    const server = plan.series === 'server' || plan.lists === 'server'
      // Only the lists are wanted when the browser draws the series: one bucket a day keeps the answer small.
      ? trpc.noc.siteDetail.query({ siteId, windowMs: w.toMs - w.fromMs, toMs: w.toMs, bucketMs: plan.series === 'server' ? plan.bucketMs : 86_400_000 })
      : null;
    const series: Promise<SiteSeriesPoint[]> = plan.series === 'server' ? server!.then((d) => d.series)
      : dataset.query<SiteSeriesPoint & Record<string, number>>(plan.series === 'rollup' ? siteSeriesRollupSql(siteId, w, plan.bucketMs) : siteSeriesSql(siteId, w, plan.bucketMs));
    const lists: Promise<Lists> = plan.lists === 'server' ? server!.then((d) => ({ openAlarms: d.openAlarms, accounts: d.accounts }))
      : Promise.all([
        dataset.query<OpenAlarm & Record<string, string | number>>(siteOpenAlarmsSql(siteId, w)),
        dataset.query<ServedAccount & Record<string, number>>(siteAccountsSql(siteId, w)),
      ]).then(([openAlarms, accounts]) => ({ openAlarms, accounts }));
    const base = { key, request, siteId, window: w };
    lists.catch(() => undefined); // reported where it is awaited; this only keeps a rejection from going unhandled
    const fail = (e: unknown) => {
      if (stop) return;
      const msg = e instanceof Error ? e.message : String(e);
      setHeld((h) => (h?.key === key ? { ...h, error: msg } : { key, detail: null, error: msg }));
    };

    if (plan.lists === 'browser') {
      // Both from the browser's DuckDB: one answer, never a series beside another window's lists.
      Promise.all([series, lists]).then(([s, l]) => {
        if (stop || !gate.current.admit(key, ticket)) return;
        shown.current = ticket;
        setHeld({ key, error: null, detail: { ...base, series: s, ...l, lists: 'ready' } });
      }).catch(fail);
    } else {
      // The server's lists take longer: the series is shown first, the lists say they are loading until they come.
      series.then((s) => {
        if (stop || !gate.current.admit(key, ticket)) return;
        shown.current = ticket;
        setHeld({ key, error: null, detail: { ...base, series: s, openAlarms: [], accounts: [], lists: 'loading' } });
        const mineStill = () => !stop && shown.current === ticket;
        lists.then((l) => {
          if (mineStill()) setHeld((h) => (h?.key === key && h.detail ? { ...h, detail: { ...h.detail, ...l, lists: 'ready' } } : h));
        }, (e: unknown) => {
          const error = e instanceof Error ? e.message : String(e);
          if (mineStill()) setHeld((h) => (h?.key === key && h.detail ? { ...h, detail: { ...h.detail, lists: { error } } } : h));
        });
      }).catch(fail);
    }
    return () => { stop = true; };
    // A live window slides every data minute: reload then, keeping the same request's previous detail meanwhile.
  }, [key, win?.fromMs, win?.toMs, via, o.dataset, o.trpc]); // eslint-disable-line react-hooks/exhaustive-deps

  if (key === null || !held || held.key !== key) return { kind: 'loading' };
  if (held.detail) return { kind: 'ready', value: held.detail, asOfMs: held.detail.window.toMs, stale: held.error };
  return held.error !== null ? { kind: 'error', error: held.error } : { kind: 'loading' };
}
