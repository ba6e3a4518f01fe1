// Filter bar of the NOC page: region / province / technology / only problems, window, size metric and the replay slider.
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { Time } from '../../ui/Time.js';
import { NOC_MESSAGES } from './nocMessages.js';
import { isNoFilter, type SiteFilter } from './siteMapModel.js';
import type { SizeBy } from './nocUrlState.js';
import type { WindowKey } from './nocTypes.js';
import './noc.css';

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

const WINDOWS = ['1h', '24h', '7d'] as const;
const STEP_MS = 10 * 60_000;

/** Options with the current value kept even before the data lists it (a URL opened in a new tab). */
function withCurrent(values: readonly string[], current: string | null): string[] {
  return current !== null && !values.includes(current) ? [current, ...values] : [...values];
}

export function NocFilters(p: NocFiltersProps) {
  const t = useMessages(NOC_MESSAGES);
  const { t: common } = useI18n();
  const places = usePlaceNames();
  const sel = (v: string) => (v === '' ? null : v);
  const f = p.filter;
  return (
    <div className="noc-filters panel" role="group" aria-label={t('filter.label')} data-testid="noc-filters">
      <label>{t('filter.region')} <select value={f.region ?? ''} data-testid="filter-region"
        onChange={(e) => p.onFilter({ ...f, region: sel(e.target.value), province: null })}>
        <option value="">{common('all')}</option>
        {withCurrent(p.regions, f.region).map((r) => <option key={r} value={r}>{places.region(r)}</option>)}</select></label>
      <label>{t('filter.province')} <select value={f.province ?? ''} data-testid="filter-province"
        onChange={(e) => p.onFilter({ ...f, province: sel(e.target.value) })}>
        <option value="">{common('all')}</option>
        {withCurrent(p.provinces, f.province).map((r) => <option key={r} value={r}>{places.province(r)}</option>)}</select></label>
      <label>{t('filter.tech')} <select value={f.tech ?? ''} data-testid="filter-tech"
        onChange={(e) => p.onFilter({ ...f, tech: sel(e.target.value) })}>
        <option value="">{common('all')}</option>
        {withCurrent(p.techs, f.tech).map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
      <label title={t('filter.onlyProblemsHint')}><input type="checkbox" checked={f.onlyProblems} data-testid="only-problems"
        onChange={(e) => p.onFilter({ ...f, onlyProblems: e.target.checked })} /> {t('filter.onlyProblems')}</label>
      {!isNoFilter(f) && <button type="button" className="noc-btn" onClick={() => p.onFilter({ region: null, province: null, tech: null, onlyProblems: false })}>{t('filter.clear')}</button>}
      <span className="noc-seg" role="group" aria-label={t('filter.window')} data-testid="noc-window-buttons">
        {WINDOWS.map((w) => (
          <button type="button" key={w} aria-pressed={p.windowKey === w} data-window={w} onClick={() => p.onWindow(w)}>{t(`window.${w}`)}</button>
        ))}
      </span>
      <span className="noc-seg" role="group" aria-label={t('filter.sizeBy')}>
        <button type="button" aria-pressed={p.sizeBy === 'users'} onClick={() => p.onSizeBy('users')}>{t('size.users')}</button>
        <button type="button" aria-pressed={p.sizeBy === 'revenue'} onClick={() => p.onSizeBy('revenue')}>{t('size.revenue')}</button>
      </span>
      {p.historyStartMs !== null && p.nowMs !== null && (
        <span className="noc-replay">
          <label htmlFor="noc-replay-slider">{t('filter.replay')}</label>
          <input id="noc-replay-slider" type="range" min={Math.ceil(p.historyStartMs / STEP_MS) * STEP_MS} max={Math.floor(p.nowMs / STEP_MS) * STEP_MS} step={STEP_MS}
            value={p.replayToMs ?? Math.floor(p.nowMs / STEP_MS) * STEP_MS} data-testid="replay-slider"
            aria-valuetext={p.replayToMs === null ? t('replay.live') : undefined}
            onChange={(e) => p.onReplay(Number(e.target.value))} />
          <span className="num">{p.replayToMs === null ? t('replay.live') : <Time ms={p.replayToMs} />}</span>
          {p.replayToMs !== null && <button type="button" className="noc-btn" onClick={() => p.onReplay(null)}>{t('replay.backToLive')}</button>}
        </span>
      )}
    </div>
  );
}
