// Filter bar of the NOC map: region / province / technology / only-breaching, window, size metric and the replay slider.
import type { SiteFilter } from './siteMapModel.js';
import type { WindowKey } from './nocTypes.js';
import type { SizeBy } from './NocMap.js';
import { formatUtc } from '../../ui/formatNumbers.js';

export interface NocFiltersProps {
  filter: SiteFilter;
  onFilter(f: SiteFilter): void;
  regions: readonly string[];
  provinces: readonly string[];
  techs: readonly string[];
  windowKey: WindowKey;
  onWindow(w: WindowKey): void;
  sizeBy: SizeBy;
  onSizeBy(s: SizeBy): void;
  /** Replay: null = live; otherwise the window end (ms) within [historyStartMs, nowMs]. */
  replayToMs: number | null;
  onReplay(toMs: number | null): void;
  historyStartMs: number | null;
  nowMs: number | null;
}

export function NocFilters(p: NocFiltersProps) {
  const sel = (v: string) => (v === '' ? null : v);
  const step = 10 * 60_000;
  return (
    <div className="noc-filters panel">
      <label>region <select value={p.filter.region ?? ''} onChange={(e) => p.onFilter({ ...p.filter, region: sel(e.target.value), province: null })}>
        <option value="">all</option>{p.regions.map((r) => <option key={r}>{r}</option>)}</select></label>
      <label>province <select value={p.filter.province ?? ''} onChange={(e) => p.onFilter({ ...p.filter, province: sel(e.target.value) })}>
        <option value="">all</option>{p.provinces.map((r) => <option key={r}>{r}</option>)}</select></label>
      <label>tech <select value={p.filter.tech ?? ''} onChange={(e) => p.onFilter({ ...p.filter, tech: sel(e.target.value) })}>
        <option value="">all</option>{p.techs.map((r) => <option key={r}>{r}</option>)}</select></label>
      <label><input type="checkbox" checked={p.filter.onlyBreaching} data-testid="only-breaching"
        onChange={(e) => p.onFilter({ ...p.filter, onlyBreaching: e.target.checked })} /> only breaching</label>
      <span className="noc-seg" role="group" aria-label="window">
        {(['1h', '24h', '7d'] as const).map((w) => (
          <button type="button" key={w} aria-pressed={p.windowKey === w} onClick={() => p.onWindow(w)}>{w}</button>
        ))}
      </span>
      <span className="noc-seg" role="group" aria-label="size by">
        <button type="button" aria-pressed={p.sizeBy === 'users'} onClick={() => p.onSizeBy('users')}>users</button>
        <button type="button" aria-pressed={p.sizeBy === 'revenue'} onClick={() => p.onSizeBy('revenue')}>revenue</button>
      </span>
      {p.historyStartMs !== null && p.nowMs !== null && (
        <label className="noc-replay">replay
          <input type="range" min={Math.ceil(p.historyStartMs / step) * step} max={Math.floor(p.nowMs / step) * step} step={step}
            value={p.replayToMs ?? Math.floor(p.nowMs / step) * step} data-testid="replay-slider"
            onChange={(e) => p.onReplay(Number(e.target.value))} />
          <span className="num">{p.replayToMs === null ? 'live' : formatUtc(p.replayToMs)}</span>
          {p.replayToMs !== null && <button type="button" className="noc-btn" onClick={() => p.onReplay(null)}>back to live</button>}
        </label>
      )}
    </div>
  );
}
