// Stories for the revenue explorer's charts, fed from the seed-7 rated fixture lake.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { ArpuBySegmentChart, ModelMixChart, RevenueOverTimeChart, TopProvincesChart, type ModelMetric } from '../client/features/revenue/RevenueCharts.js';
import { revenueStoryData as d } from './fixtureData/revenueStoryData.js';
import { asRoles } from './storyRoles.js';
import '../client/features/revenue/revenue.css';

const meta: Meta = { title: 'Revenue/Charts', decorators: [(S) => <div className="revenue"><S /></div>, asRoles('pm')] };
export default meta;

export const RevenueOverTime: StoryObj = {
  render: () => <RevenueOverTimeChart rows={d.all.overTime} tierNames={d.tierNames} grain="day" selectedTierIds={[]} />,
};
export const RevenueOverTimeEnterpriseWeekly: StoryObj = {
  render: () => <RevenueOverTimeChart rows={d.enterprise.overTime} tierNames={d.tierNames} grain="week" selectedTierIds={[10]} />,
};
export const ArpuBySegment: StoryObj = {
  render: () => {
    const [sel, setSel] = useState<string[]>([]);
    return <ArpuBySegmentChart rows={d.all.arpu} selected={sel} onToggle={(s) => setSel((x) => (x.includes(s) ? x.filter((v) => v !== s) : [...x, s]))} />;
  },
};
export const TopProvinces: StoryObj = { render: () => <TopProvincesChart rows={d.all.provinces} selected={[]} /> };
export const TopProvincesOneSelected: StoryObj = { render: () => <TopProvincesChart rows={d.all.provinces} selected={[d.all.provinces[0]?.province ?? '']} /> };
export const ModelMix: StoryObj = {
  render: () => {
    const [m, setM] = useState<ModelMetric>('grossMarginFen');
    return <ModelMixChart rows={d.all.models} metric={m} onMetric={setM} selected={[]} />;
  },
};
export const Empty: StoryObj = { render: () => <TopProvincesChart rows={[]} selected={[]} /> };
