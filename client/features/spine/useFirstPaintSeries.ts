// The server's first-paint series as a Loadable, asked for once per mount while the browser's dataset is not ready yet.
import { useEffect, useRef, useState } from 'react';
import type { HourlyTokensSeries } from '../../../schema/firstPaint.js';
import { LOADING, type Loadable } from '../../ui/ViewState.js';
import { takeFirstPaintSeries } from './firstPaintFetch.js';

export function useFirstPaintSeries(wanted: boolean): Loadable<HourlyTokensSeries> {
  const [state, setState] = useState<Loadable<HourlyTokensSeries>>(LOADING);
  // One request per mount: StrictMode's second effect run reuses it instead of losing the page-start request.
  const request = useRef<Promise<HourlyTokensSeries> | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    request.current ??= takeFirstPaintSeries();
    request.current.then(
      (s) => { if (!cancelled) setState({ kind: 'ready', value: s, asOfMs: s.asOfMs }); },
      (e: unknown) => { if (!cancelled) setState({ kind: 'error', error: e instanceof Error ? e.message : String(e) }); },
    );
    return () => { cancelled = true; };
  }, [wanted]);
  return state;
}
