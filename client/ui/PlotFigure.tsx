// One Observable Plot figure: mounts the chart a spec describes in the app's dark theme, rebuilds it when its deps change.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef, type MouseEvent } from 'react';

/** Background, text colour and size of every chart, from the theme's CSS variables (tooltips: --chart-tip-bg); a spec may override single properties. */
export const PLOT_THEME = { background: 'transparent', color: 'var(--text)', fontSize: '11px' } as const;

/** Plot options of one chart; `style` is merged over PLOT_THEME. */
export type PlotSpec = Omit<Plot.PlotOptions, 'style'> & { style?: Partial<CSSStyleDeclaration> };

export interface PlotFigureProps {
  /** Builds the chart's options from the current data. */
  spec: () => PlotSpec;
  /** The values the spec reads: the chart is rebuilt when one of them changes. */
  deps: readonly unknown[];
  /** Runs on the rendered chart before it is shown, e.g. to tag marks with `data-key` for clicks. */
  decorate?: (chart: SVGSVGElement | HTMLElement) => void;
  /** Called with the `data-key` of the clicked mark. */
  onPick?: (key: string) => void;
  testId: string;
  className?: string;
}

export function PlotFigure({ spec, deps, decorate, onPick, testId, className }: PlotFigureProps) {
  const ref = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { style, ...options } = spec();
    const chart = Plot.plot({ ...options, style: { ...PLOT_THEME, ...style } });
    // Plot's stylesheet sets --plot-background: white on each chart svg (its tooltips' fill); inline wins over the class.
    for (const el of [chart, ...chart.querySelectorAll<SVGSVGElement>('svg')]) el.style.setProperty('--plot-background', 'var(--chart-tip-bg)');
    // Plot labels its mark groups with aria-label but gives them no role, which assistive tech may ignore (axe: serious).
    for (const g of chart.querySelectorAll('g[aria-label]:not([role])')) g.setAttribute('role', 'group');
    decorate?.(chart);
    el.replaceChildren(chart);
    return () => chart.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  const onClick = onPick ? (e: MouseEvent) => {
    const key = (e.target as Element).closest('[data-key]')?.getAttribute('data-key');
    if (key !== null && key !== undefined) pick.current?.(key);
  } : undefined;
  return <div ref={ref} className={className} onClick={onClick} data-testid={testId} />;
}
