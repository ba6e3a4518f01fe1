// Stories for the revenue explorer's summary, filter bar, breakdown table and quota burn-down list (seed-7 fixture).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { RevenueSummary } from '../client/features/revenue/RevenueSummary.js';
import { RevenueTable } from '../client/features/revenue/RevenueTable.js';
import { QuotaBurnList } from '../client/features/revenue/QuotaBurnList.js';
import { FilterBar } from '../client/features/revenue/FilterBar.js';
import { EMPTY_FILTERS } from '../client/features/revenue/revenueQueries.js';
import { revenueStoryData as d } from './fixtureData/revenueStoryData.js';
import { asRoles } from './storyRoles.js';
import '../client/features/revenue/revenue.css';

const meta: Meta = { title: 'Revenue/Tables', decorators: [(S) => <div className="revenue"><S /></div>, asRoles('pm')] };
export default meta;

export const Summary: StoryObj = { render: () => <RevenueSummary summary={d.all.summary} serverTotalFen={d.all.summary.revenueFen} /> };
export const SummaryServerMismatch: StoryObj = { render: () => <RevenueSummary summary={d.all.summary} serverTotalFen={d.all.summary.revenueFen + 1} /> };
/** An executive reads revenue but may not export it: no CSV buttons. */
export const SummaryAsExec: StoryObj = { render: () => <RevenueSummary summary={d.all.summary} serverTotalFen={d.all.summary.revenueFen} />, decorators: [asRoles('exec')] };
export const SummaryLoading: StoryObj = { render: () => <RevenueSummary summary={null} /> };
export const Breakdown: StoryObj = { render: () => <RevenueTable rows={d.all.breakdown} tierNames={d.tierNames} pageSize={20} /> };
export const BreakdownEnterprise: StoryObj = { render: () => <RevenueTable rows={d.enterprise.breakdown} tierNames={d.tierNames} /> };
export const QuotaBurnDown: StoryObj = { render: () => <QuotaBurnList rows={d.all.burn} summary={d.all.upsell} tierNames={d.tierNames} /> };
export const QuotaBurnDownNone: StoryObj = { render: () => <QuotaBurnList rows={[]} summary={{ accounts: 0, expectedOverageFen: 0 }} tierNames={d.tierNames} /> };
export const Filters: StoryObj = {
  render: () => {
    const [f, setF] = useState({ ...EMPTY_FILTERS, tierIds: [10] });
    return <FilterBar filters={f} options={d.options} onChange={setF} />;
  },
};
