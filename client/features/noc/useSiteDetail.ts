// The drill-down's data (KPI series, open alarms, accounts) for the selected site, from the same source as the map;
// tagged with the site and window it answers, so a series of another window or site is never shown as this one's.
import { useEffect, useRef, useState } from 'react';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import type { OpsDeckClient } from '../../api/trpcClient.js';
import type { LiveDataset } from '../../dataSync/liveDataset.js';
import type { Loadable } from '../../ui/ViewState.js';
import { siteAccountsSql, siteOpenAlarmsSql, siteSeriesSql } from './nocQueries.js';
import { AnswerGate, siteRequestKey, type NocRequest } from './nocRequest.js';
import type { NocSnapshot } from './useNocData.js';
import type { OpenAlarm, ServedAccount, SiteDetail, SiteSeriesPoint } from './nocTypes.js';

/** A detail with the question it answers. */
export interface TaggedSiteDetail extends SiteDetail {
  /** siteRequestKey(request, siteId). */
  key: string;
  request: NocRequest;
  siteId: number;
  window: AssuranceWindow;
}

interface Held { key: string; detail: TaggedSiteDetail | null; error: string | null }

/** About 300 points per chart whatever the window. */
export function bucketMsFor(w: AssuranceWindow): number {
  return Math.max(60_000, Math.ceil((w.toMs - w.fromMs) / 300 / 60_000) * 60_000);
}

export function useSiteDetail(o: { dataset: LiveDataset; trpc: OpsDeckClient; siteId: number | null; snapshot: NocSnapshot | null }): Loadable<TaggedSiteDetail> {
  const { siteId, snapshot } = o;
  const key = siteId === null || !snapshot ? null : siteRequestKey(snapshot.request, siteId);
  const [held, setHeld] = useState<Held | null>(null);
  const gate = useRef(new AnswerGate());
  const win = snapshot?.window;
  const source = snapshot?.source;
  const request = snapshot?.request;

  useEffect(() => {
    if (key === null || siteId === null || !win || !source || !request) return;
    let stop = false;
    const w = { ...win };
    const ticket = gate.current.issue(key);
    const bucketMs = bucketMsFor(w);
    const load: Promise<SiteDetail> = source === 'browser'
      ? Promise.all([
        o.dataset.query<SiteSeriesPoint & Record<string, number>>(siteSeriesSql(siteId, w, bucketMs)),
        o.dataset.query<OpenAlarm & Record<string, string | number>>(siteOpenAlarmsSql(siteId, w)),
        o.dataset.query<ServedAccount & Record<string, number>>(siteAccountsSql(siteId, w)),
      ]).then(([series, openAlarms, accounts]) => ({ series, openAlarms, accounts }))
      : o.trpc.noc.siteDetail.query({ siteId, windowMs: w.toMs - w.fromMs, toMs: w.toMs, bucketMs });
    load.then((d) => {
      if (stop || !gate.current.admit(key, ticket)) return;
      setHeld({ key, detail: { key, request, siteId, window: w, series: d.series, openAlarms: d.openAlarms, accounts: d.accounts }, error: null });
    }).catch((e: unknown) => {
      if (stop) return;
      const msg = e instanceof Error ? e.message : String(e);
      setHeld((h) => (h?.key === key ? { ...h, error: msg } : { key, detail: null, error: msg }));
    });
    return () => { stop = true; };
    // A live window slides every data minute: reload then, keeping the same request's previous detail meanwhile.
  }, [key, win?.fromMs, win?.toMs, source, o.dataset, o.trpc]); // eslint-disable-line react-hooks/exhaustive-deps

  if (key === null || !held || held.key !== key) return { kind: 'loading' };
  if (held.detail) return { kind: 'ready', value: held.detail, asOfMs: held.detail.window.toMs, stale: held.error };
  return held.error !== null ? { kind: 'error', error: held.error } : { kind: 'loading' };
}
