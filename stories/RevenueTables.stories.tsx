// Stories for the revenue explorer's summary (normal, loading, empty, error, stale, server mismatch), filter bar
// (with date validation), breakdown table and quota burn-down list (seed-7 fixture).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { RevenueSummary, type RevenueSummaryProps } from '../client/features/revenue/RevenueSummary.js';
import { RevenueTable } from '../client/features/revenue/RevenueTable.js';
import { QuotaBurnList } from '../client/features/revenue/QuotaBurnList.js';
import { FilterBar } from '../client/features/revenue/FilterBar.js';
import { DEFAULT_VIEW, filtersOfView } from '../client/features/revenue/revenueUrlState.js';
import { revenueStoryData as d, emptyViews, storyLake, storyPeriod } from './fixtureData/revenueStoryData.js';
import { asRoles } from './storyRoles.js';
import '../client/features/revenue/revenue.css';

const meta: Meta = { title: 'Revenue/Tables', decorators: [(S) => <div className="revenue" style={{ maxWidth: 1200 }}><S /></div>, asRoles('pm')] };
export default meta;

const asOfMs = d.fixture.endMs - 12 * 3_600_000;
const summary = (p: Partial<RevenueSummaryProps>) => (
  <RevenueSummary state={{ kind: 'ready', value: d.all.summary, asOfMs }} period={storyPeriod} modelFiltered={false}
    check={{ kind: 'match', serverFen: d.all.summary.revenueFen }} filtersText="all" onClearFilters={() => undefined} {...p} />
);

export const Summary: StoryObj = { render: () => summary({}) };
export const SummaryServerPending: StoryObj = { render: () => summary({ check: { kind: 'pending' } }) };
export const SummaryServerMismatch: StoryObj = { render: () => summary({ check: { kind: 'mismatch', serverFen: d.all.summary.revenueFen + 1, diffFen: -1 } }) };
export const SummaryServerError: StoryObj = { render: () => summary({ check: { kind: 'error', error: 'revenue not rated yet' } }) };
/** A model filter: revenue is the models' share; line kinds are not split (—, never ¥0.00); no server check. */
export const SummaryModelFilter: StoryObj = {
  render: () => summary({ modelFiltered: true, check: { kind: 'notAvailable' }, state: { kind: 'ready', value: { ...d.all.summary, subscriptionFen: 0, packFen: 0, paygFen: 0, overageFen: 0 }, asOfMs } }),
};
/** An executive reads revenue but may not export it: no CSV buttons. */
export const SummaryAsExec: StoryObj = { render: () => summary({}), decorators: [asRoles('exec')] };
export const SummaryLoadingDuckDb: StoryObj = { render: () => summary({ state: { kind: 'loading' }, loadingWhat: 'DuckDB in this tab', period: null }) };
export const SummaryQuerying: StoryObj = { render: () => summary({ state: { kind: 'loading' }, loadingWhat: 'revenue for these filters' }) };
export const SummaryEmpty: StoryObj = { render: () => summary({ state: { kind: 'ready', value: emptyViews.summary, asOfMs } }) };
export const SummaryError: StoryObj = { render: () => summary({ state: { kind: 'error', error: 'rating failed: lake file vanished during the scan' }, onRetry: () => undefined }) };
/** The server re-rated: the figures stay, marked stale, until the new tables are loaded. */
export const SummaryStale: StoryObj = { render: () => summary({ state: { kind: 'ready', value: d.all.summary, asOfMs, stale: 'The server re-rated; updating to rating v4…' } }) };

export const Breakdown: StoryObj = { render: () => <RevenueTable rows={d.all.breakdown} tierNames={d.tierNames} period={storyPeriod} pageSize={20} /> };
export const BreakdownEnterprise: StoryObj = { render: () => <RevenueTable rows={d.enterprise.breakdown} tierNames={d.tierNames} period={storyPeriod} /> };
export const BreakdownModelFilter: StoryObj = { render: () => <RevenueTable rows={d.enterprise.breakdown} tierNames={d.tierNames} period={storyPeriod} modelFiltered /> };
export const QuotaBurnDown: StoryObj = { render: () => <QuotaBurnList rows={d.all.burn} summary={d.all.upsell} tierNames={d.tierNames} /> };
export const QuotaBurnDownNone: StoryObj = { render: () => <QuotaBurnList rows={[]} summary={{ accounts: 0, expectedOverageFen: 0 }} tierNames={d.tierNames} /> };

function FilterStory({ from = null, to = null }: { from?: string | null; to?: string | null }) {
  const [v, setV] = useState({ ...DEFAULT_VIEW, tiers: [10], from, to });
  const { range, filters } = filtersOfView(v, storyLake);
  const period = { fromMs: filters.fromMs ?? storyPeriod.fromMs, toMs: filters.toMs ?? storyPeriod.toMs, days: 0 };
  period.days = Math.round((period.toMs - period.fromMs) / 86_400_000);
  return <FilterBar view={v} options={d.options} lake={storyLake} urlRange={range} appliedPeriod={period} onChange={setV} />;
}
/** Type a "to" before "from" to see the refusal; a day before the lake is clamped with a note. */
export const Filters: StoryObj = { render: () => <FilterStory /> };
/** A shared link whose dates are reversed: refused, all rated days shown. */
export const FiltersReversedLink: StoryObj = { render: () => <FilterStory from="2026-10-27" to="2026-10-23" /> };
/** A shared link reaching past the lake: clamped to the rated days, with a note. */
export const FiltersClampedLink: StoryObj = { render: () => <FilterStory from="2026-01-01" to="2026-12-31" /> };
