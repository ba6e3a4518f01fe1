// The executive page's view in the URL (#/executive?def=weekly-exec&period=2026-W47&compare=previous): shareable,
// restored in a new tab; each choice is a history entry, so back/forward walk the periods looked at.
import { useCallback, useMemo } from 'react';
import { formatHash, navigateHash, param, parseHash, useHash, type ParamCodec } from '../../app/hashRoute.js';

export const EXECUTIVE_PATH = '#/executive';
export const COMPARISONS = ['both', 'previous', 'yearAgo'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type ExecutiveView = {
  /** Report definition id; null: the landing definition. */
  def: string | null;
  /** Period label ('2026-W47', '2026-11-01..2026-11-15'); null: the definition's last complete period. */
  period: string | null;
  /** Which comparisons the KPI cards show. */
  compare: Comparison;
};

export const EXECUTIVE_VIEW: ParamCodec<ExecutiveView> = param.object<ExecutiveView>({
  def: param.text('def'),
  period: param.text('period'),
  compare: param.oneOf('compare', COMPARISONS, 'both'),
});

/** The hash of the executive page showing `view`, keeping any other parameters of `current`. */
export function executiveHash(view: ExecutiveView, current: URLSearchParams = new URLSearchParams()): string {
  const params = new URLSearchParams(current);
  EXECUTIVE_VIEW.write(view, params);
  return formatHash(EXECUTIVE_PATH, params);
}

/**
 * `[view, setView]`. Writes always go to #/executive (an executive may have landed on the bare root), pushing a history
 * entry unless `replace`.
 */
export function useExecutiveView(): [ExecutiveView, (next: ExecutiveView, opts?: { replace?: boolean }) => void] {
  const hash = useHash();
  const { params } = parseHash(hash);
  const key = (() => { const p = new URLSearchParams(); EXECUTIVE_VIEW.write(EXECUTIVE_VIEW.read(params), p); return p.toString(); })();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const view = useMemo(() => EXECUTIVE_VIEW.read(params), [key]);
  const set = useCallback((next: ExecutiveView, opts?: { replace?: boolean }) => {
    navigateHash(executiveHash(next, parseHash(window.location.hash).params), opts);
  }, []);
  return [view, set];
}
