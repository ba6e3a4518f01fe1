// The usage chart's series choice: the server's first paint only until the browser's own series has been shown, a failed
// first paint never shown as data, and the browser's state (error included) winning once it has one.
import { describe, expect, it } from 'vitest';
import { chooseUsageSeries, firstPaintRows } from '../../client/features/spine/usageSeriesChoice.js';
import type { HourlyTokens } from '../../client/features/spine/UsageChart.js';
import type { Loadable } from '../../client/ui/ViewState.js';

const HOUR = 3_600_000;
const server: HourlyTokens[] = [{ hourMs: 0, tokens: 5 }, { hourMs: HOUR, tokens: 7 }];
const browser: HourlyTokens[] = [{ hourMs: 0, tokens: 6 }];
const ready = (v: HourlyTokens[], asOfMs: number): Loadable<readonly HourlyTokens[]> => ({ kind: 'ready', value: v, asOfMs });
const loading: Loadable<readonly HourlyTokens[]> = { kind: 'loading' };

describe('chooseUsageSeries', () => {
  it('shows the server series, marked, while the browser has none yet', () => {
    expect(chooseUsageSeries(loading, ready(server, 10), false)).toEqual({ series: ready(server, 10), source: 'server' });
  });

  it('stays loading when the first paint is loading or failed (no empty chart, no error for a side request)', () => {
    expect(chooseUsageSeries(loading, loading, false)).toEqual({ series: loading, source: null });
    expect(chooseUsageSeries(loading, { kind: 'error', error: 'HTTP 403' }, false)).toEqual({ series: loading, source: null });
  });

  it('switches to the browser series as soon as it is there', () => {
    expect(chooseUsageSeries(ready(browser, 20), ready(server, 10), false)).toEqual({ series: ready(browser, 20), source: 'browser' });
  });

  it('a browser error wins over the server series', () => {
    const error = { kind: 'error', error: 'DuckDB failed' } as const;
    expect(chooseUsageSeries(error, ready(server, 10), false)).toEqual({ series: error, source: null });
  });

  it('after the browser series was shown, a reload is loading, not the older server series', () => {
    expect(chooseUsageSeries(loading, ready(server, 10), true)).toEqual({ series: loading, source: null });
  });

  it('firstPaintRows pairs each hour with its tokens', () => {
    expect(firstPaintRows({ sinceMs: 0, asOfMs: 1, seq: 2, hourMs: [0, HOUR], tokens: [5, 7] })).toEqual(server);
  });
});
