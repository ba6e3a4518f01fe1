// Stories for the revenue explorer's charts, fed from the seed-7 rated fixture lake (switch language and theme in the toolbar).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { ArpuBySegmentChart, ModelMixChart, RevenueOverTimeChart, TopProvincesChart } from '../client/features/revenue/RevenueCharts.js';
import type { ModelMetricKey } from '../client/features/revenue/revenueUrlState.js';
import { revenueStoryData as d, storyPeriod } from './fixtureData/revenueStoryData.js';
import { asRoles } from './storyRoles.js';
import '../client/features/revenue/revenue.css';

const meta: Meta = { title: 'Revenue/Charts', decorators: [(S) => <div className="revenue" style={{ maxWidth: 1100 }}><S /></div>, asRoles('pm')] };
export default meta;

const toggle = <T,>(list: readonly T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

/** All 11 tiers, each its own colour; the legend toggles a tier filter. */
export const RevenueOverTime: StoryObj = {
  render: () => {
    const [sel, setSel] = useState<number[]>([]);
    return <RevenueOverTimeChart rows={d.all.overTime} tiers={d.options.tiers} grain="day" period={storyPeriod} selectedTierIds={sel} onToggleTier={(id) => setSel((x) => toggle(x, id))} />;
  },
};
/** Weekly buckets cut by the range: the edge weeks cover only the days in it (narrower bars, said in the subtitle and tooltip). */
export const RevenueOverTimeEnterpriseWeekly: StoryObj = {
  render: () => <RevenueOverTimeChart rows={d.enterprise.overTime} tiers={d.options.tiers} grain="week" period={storyPeriod} selectedTierIds={[10]} />,
};
export const RevenueOverTimeMonthly: StoryObj = {
  render: () => {
    // The same days bucketed by month (computed here from the daily rows).
    const byMonth = new Map<string, { periodMs: number; tierId: number; revenueFen: number }>();
    for (const r of d.all.overTime) {
      const m = new Date(r.periodMs);
      const periodMs = Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), 1);
      const k = `${periodMs}|${r.tierId}`;
      const cur = byMonth.get(k) ?? { periodMs, tierId: r.tierId, revenueFen: 0 };
      cur.revenueFen += r.revenueFen;
      byMonth.set(k, cur);
    }
    return <RevenueOverTimeChart rows={[...byMonth.values()]} tiers={d.options.tiers} grain="month" period={storyPeriod} selectedTierIds={[]} />;
  },
};
export const ArpuBySegment: StoryObj = {
  render: () => {
    const [sel, setSel] = useState<string[]>([]);
    return <ArpuBySegmentChart rows={d.all.arpu} period={storyPeriod} selected={sel} onToggle={(s) => setSel((x) => toggle(x, s))} />;
  },
};
export const TopProvinces: StoryObj = { render: () => <TopProvincesChart rows={d.all.provinces} period={storyPeriod} selected={[]} /> };
export const TopProvincesOneSelected: StoryObj = { render: () => <TopProvincesChart rows={d.all.provinces} period={storyPeriod} selected={[d.all.provinces[0]?.province ?? '']} /> };
/** The measure buttons sit inside the chart's panel. */
export const ModelMix: StoryObj = {
  render: () => {
    const [m, setM] = useState<ModelMetricKey>('margin');
    return <ModelMixChart rows={d.all.models} period={storyPeriod} metric={m} onMetric={setM} selected={[]} />;
  },
};
export const ModelMixTokens: StoryObj = { render: () => <ModelMixChart rows={d.all.models} period={storyPeriod} metric="tokens" selected={['DeepSeek-R1']} /> };
/** No rows (the page shows its empty state instead; the chart alone stays an empty frame, no NaN axis). */
export const Empty: StoryObj = { render: () => <TopProvincesChart rows={[]} period={storyPeriod} selected={[]} /> };
