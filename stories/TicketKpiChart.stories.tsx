// Stories for the ticket KPI chart (latency vs seasonal baseline and SLA, transitions marked).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TicketKpiChart } from '../client/features/automation/TicketKpiChart.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';

const meta: Meta<typeof TicketKpiChart> = {
  title: 'Automation/TicketKpiChart',
  component: TicketKpiChart,
  args: { series: d.resolved.series, events: d.resolved.events },
};
export default meta;
type Story = StoryObj<typeof TicketKpiChart>;

export const Healed: Story = {};
export const NotHealed: Story = { args: { series: d.escalated.series, events: d.escalated.events } };
export const NoData: Story = { args: { series: { slaMs: 30, points: [] }, events: [] } };
