// Slicers of the revenue explorer: tier, segment, region, province, channel, model, time grain and date range.
// Values stay the data's own (English) keys; only what is shown is translated.
import type { ReactNode } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { CHANNELS, SEGMENTS } from '../../../schema/tables.js';
import { REGIONS } from '../../../schema/provinces.js';
import type { LakeDays, ResolvedRange } from './dateRange.js';
import { DateRangeInputs } from './DateRangeInputs.js';
import type { FilterOptions } from './filterOptions.js';
import type { ExplorerPeriod } from './explorerPeriod.js';
import { useRevenueLabels } from './revenueLabels.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';
import type { TimeGrain } from './revenueQueries.js';
import { activeFilterCount, toggleIn, withoutDimensionFilters, type RevenueView } from './revenueUrlState.js';
import { TIME_GRAINS } from './timeGrain.js';

export type { FilterOptions };

export interface FilterBarProps {
  view: RevenueView;
  /** Null until the rated tables are loaded (tier, province and model lists come from them). */
  options: FilterOptions | null;
  lake: LakeDays | null;
  /** What became of the URL's dates. */
  urlRange: ResolvedRange;
  appliedPeriod: ExplorerPeriod | null;
  onChange: (next: RevenueView) => void;
}

function Group<V extends string | number>({ label, name, values, labelOf, selected, onToggle, onClear, byName = false }: {
  label: string; name: string; values: readonly V[]; labelOf: (v: V) => string; selected: readonly V[];
  onToggle: (v: V) => void; onClear: () => void;
  /** List in the order of the names shown (provinces by pinyin in zh-CN), not the data's order. */
  byName?: boolean;
}): ReactNode {
  const t = useMessages(REVENUE_MESSAGES);
  const { t: common, locale } = useI18n();
  // A value in the URL that this lake does not have is still listed, so it can be seen and cleared.
  const all = [...values, ...selected.filter((v) => !values.includes(v))];
  if (byName) all.sort((a, b) => labelOf(a).localeCompare(labelOf(b), locale));
  return (
    <details className="filter-group" data-testid={`filter-${name}`}>
      <summary>{selected.length ? t('f.some', { label, n: selected.length }) : t('f.all', { label })}</summary>
      <div className="filter-options" role="group" aria-label={label}>
        {all.map((v) => (
          <label key={String(v)}>
            <input type="checkbox" checked={selected.includes(v)} onChange={() => onToggle(v)} data-testid={`filter-${name}-${v}`} />
            {labelOf(v)}
          </label>
        ))}
        {selected.length > 0 && <button type="button" className="link" onClick={onClear}>{common('clear')}</button>}
      </div>
    </details>
  );
}

export function FilterBar({ view: v, options: o, lake, urlRange, appliedPeriod, onChange }: FilterBarProps) {
  const t = useMessages(REVENUE_MESSAGES);
  const tierNames = Object.fromEntries((o?.tiers ?? []).map((x) => [x.id, x.name]));
  const labels = useRevenueLabels(tierNames);
  const set = (p: Partial<RevenueView>) => onChange({ ...v, ...p });
  const active = activeFilterCount(v);
  const grainWord = (g: TimeGrain) => t(g === 'day' ? 'grain.day' : g === 'week' ? 'grain.week' : 'grain.month');
  return (
    <section className="panel filterbar" aria-label={t('filters')}>
      <Group label={t('f.tier')} name="tier" values={(o?.tiers ?? []).map((x) => x.id)} labelOf={labels.tier} selected={v.tiers}
        onToggle={(x) => set({ tiers: toggleIn(v.tiers, x) })} onClear={() => set({ tiers: [] })} />
      <Group label={t('f.segment')} name="segment" values={SEGMENTS} labelOf={labels.segment} selected={v.segments}
        onToggle={(x) => set({ segments: toggleIn(v.segments, x) })} onClear={() => set({ segments: [] })} />
      <Group label={t('f.region')} name="region" values={REGIONS} labelOf={labels.region} selected={v.regions}
        onToggle={(x) => set({ regions: toggleIn(v.regions, x) })} onClear={() => set({ regions: [] })} />
      <Group label={t('f.province')} name="province" values={o?.provinces ?? []} labelOf={labels.province} selected={v.provinces} byName
        onToggle={(x) => set({ provinces: toggleIn(v.provinces, x) })} onClear={() => set({ provinces: [] })} />
      <Group label={t('f.channel')} name="channel" values={CHANNELS} labelOf={labels.channel} selected={v.channels}
        onToggle={(x) => set({ channels: toggleIn(v.channels, x) })} onClear={() => set({ channels: [] })} />
      <Group label={t('f.model')} name="model" values={o?.models ?? []} labelOf={labels.model} selected={v.models} byName
        onToggle={(x) => set({ models: toggleIn(v.models, x) })} onClear={() => set({ models: [] })} />
      {active > 0 && <button type="button" className="link" onClick={() => onChange(withoutDimensionFilters(v))} data-testid="filter-clear">{t('f.clearAll', { n: active })}</button>}
      <label className="inline">{t('f.grain')}
        <select value={v.grain} onChange={(e) => set({ grain: e.target.value as TimeGrain })} data-testid="filter-grain">
          {TIME_GRAINS.map((g) => <option key={g} value={g}>{grainWord(g)}</option>)}
        </select>
      </label>
      <DateRangeInputs from={v.from} to={v.to} lake={lake} urlRange={urlRange} appliedPeriod={appliedPeriod}
        onApply={(from, to) => set({ from, to })} />
    </section>
  );
}
