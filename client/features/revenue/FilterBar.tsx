// Slicers of the revenue explorer: tier, segment, region, province, channel, model, time grain and date range.
import type { ReactNode } from 'react';
import { CHANNELS, SEGMENTS } from '../../../schema/tables.js';
import { REGIONS } from '../../../schema/provinces.js';
import type { RevenueFilters, TimeGrain } from './revenueQueries.js';

export interface FilterOptions {
  tiers: ReadonlyArray<{ id: number; name: string }>;
  provinces: readonly string[];
  models: readonly string[];
  minDayMs: number | null;
  maxDayMs: number | null;
}

export interface FilterBarProps {
  filters: RevenueFilters;
  options: FilterOptions;
  onChange: (f: RevenueFilters) => void;
}

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

function Group<T extends string | number>({ label, name, values, labels, selected, onToggle, onClear }: {
  label: string; name: string; values: readonly T[]; labels?: (v: T) => string; selected: readonly T[];
  onToggle: (v: T) => void; onClear: () => void;
}): ReactNode {
  return (
    <details className="filter-group" data-testid={`filter-${name}`}>
      <summary>{label}{selected.length ? ` (${selected.length})` : ': all'}</summary>
      <div className="filter-options">
        {values.map((v) => (
          <label key={String(v)}>
            <input type="checkbox" checked={selected.includes(v)} onChange={() => onToggle(v)} data-testid={`filter-${name}-${v}`} />
            {labels ? labels(v) : String(v)}
          </label>
        ))}
        {selected.length > 0 && <button type="button" className="link" onClick={onClear}>clear</button>}
      </div>
    </details>
  );
}

const isoDay = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10));
const parseDay = (s: string) => (s ? Date.parse(`${s}T00:00:00Z`) : null);

export function FilterBar({ filters: f, options: o, onChange }: FilterBarProps) {
  const set = (p: Partial<RevenueFilters>) => onChange({ ...f, ...p });
  const tierName = (id: number) => o.tiers.find((t) => t.id === id)?.name ?? String(id);
  const active = f.tierIds.length + f.segments.length + f.regions.length + f.provinces.length + f.channels.length + f.models.length;
  return (
    <section className="panel filterbar" aria-label="filters">
      <Group label="Tier" name="tier" values={o.tiers.map((t) => t.id)} labels={tierName} selected={f.tierIds}
        onToggle={(v) => set({ tierIds: toggle(f.tierIds, v) })} onClear={() => set({ tierIds: [] })} />
      <Group label="Segment" name="segment" values={SEGMENTS} selected={f.segments} onToggle={(v) => set({ segments: toggle(f.segments, v) })} onClear={() => set({ segments: [] })} />
      <Group label="Region" name="region" values={REGIONS} selected={f.regions} onToggle={(v) => set({ regions: toggle(f.regions, v) })} onClear={() => set({ regions: [] })} />
      <Group label="Province" name="province" values={o.provinces} selected={f.provinces} onToggle={(v) => set({ provinces: toggle(f.provinces, v) })} onClear={() => set({ provinces: [] })} />
      <Group label="Channel" name="channel" values={CHANNELS} selected={f.channels} onToggle={(v) => set({ channels: toggle(f.channels, v) })} onClear={() => set({ channels: [] })} />
      <Group label="Model" name="model" values={o.models} selected={f.models} onToggle={(v) => set({ models: toggle(f.models, v) })} onClear={() => set({ models: [] })} />
      <label className="inline">grain
        <select value={f.grain} onChange={(e) => set({ grain: e.target.value as TimeGrain })} data-testid="filter-grain">
          <option value="day">day</option><option value="week">week</option><option value="month">month</option>
        </select>
      </label>
      <label className="inline">from <input type="date" value={isoDay(f.fromMs)} min={isoDay(o.minDayMs)} max={isoDay(o.maxDayMs)} onChange={(e) => set({ fromMs: parseDay(e.target.value) })} data-testid="filter-from" /></label>
      <label className="inline">to (incl.) <input type="date" value={isoDay(f.toMs === null ? null : f.toMs - 86_400_000)} min={isoDay(o.minDayMs)} max={isoDay(o.maxDayMs)}
        onChange={(e) => { const d = parseDay(e.target.value); set({ toMs: d === null ? null : d + 86_400_000 }); }} data-testid="filter-to" /></label>
      {active > 0 && <button type="button" className="link" onClick={() => onChange({ ...f, tierIds: [], segments: [], regions: [], provinces: [], channels: [], models: [] })} data-testid="filter-clear">clear {active} filters</button>}
    </section>
  );
}
