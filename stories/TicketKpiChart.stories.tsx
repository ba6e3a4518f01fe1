// Stories for the ticket KPI chart (latency vs seasonal baseline and SLA, the ticket's events marked in the status
// colours): healed, not healed, an approval, loading, a failed load, stale, and no samples.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TicketKpiChart } from '../client/features/automation/TicketKpiChart.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';
import { failed, loading, ready, stale } from './fixtureData/automationStoryStates.js';
import { autonomyStoryData as a } from './fixtureData/autonomyStoryData.js';

const meta: Meta<typeof TicketKpiChart> = {
  title: 'Automation/TicketKpiChart',
  component: TicketKpiChart,
  decorators: [(S) => <main className="automation"><div className="panel"><S /></div></main>],
  args: { state: ready({ series: d.resolved.series, events: d.resolved.events }, d.nowMs), width: 760 },
};
export default meta;
type Story = StoryObj<typeof TicketKpiChart>;

export const Healed: Story = {};
export const NotHealed: Story = { args: { state: ready({ series: d.escalated.series, events: d.escalated.events }, d.nowMs) } };
export const ApprovedThenHealed: Story = { args: { state: ready({ series: a.approved.series, events: a.approved.events }, a.nowMs) } };
/** Narrow: labels that would collide move to other rows above the plot. */
export const Narrow: Story = { args: { state: ready({ series: a.approved.series, events: a.approved.events }, a.nowMs), width: 380 } };
export const Loading: Story = { args: { state: loading } };
export const LoadFailed: Story = { args: { state: failed('Failed to fetch') } };
export const Stale: Story = { args: { state: stale({ series: d.resolved.series, events: d.resolved.events }, d.nowMs) } };
export const NoData: Story = { args: { state: ready({ series: { slaMs: 30, points: [] }, events: [] }, d.nowMs) } };
