// Stories for the hourly token usage chart, fed from the seed-7 fixture lake, in its loading, empty, error and stale states
// (switch the toolbar theme: the bars and axes have a palette per theme).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { UsageChart } from '../client/features/spine/UsageChart.js';
import { spineStoryData } from './fixtureData/spineStoryData.js';
import { failed, loading, ready, stale } from './fixtureData/storyStates.js';
import '../client/features/spine/spine.css';

const meta: Meta<typeof UsageChart> = {
  title: 'Spine/UsageChart',
  component: UsageChart,
  decorators: [(S) => <div className="spine"><S /></div>],
  args: { series: ready(spineStoryData.hourlyTokens) },
};
export default meta;
type Story = StoryObj<typeof UsageChart>;

export const Day: Story = {};
/** The first six hours only, as right after start-up. */
export const FirstHours: Story = { args: { series: ready(spineStoryData.hourlyTokens.slice(0, 6)) } };
/** No usage rows in the window yet: said in words, no empty axes. */
export const Empty: Story = { args: { series: ready([]) } };
/** Before the browser's DuckDB answered: a loading line, never a NaN axis. */
export const Loading: Story = { args: { series: loading } };
export const Failed: Story = { args: { series: failed('DuckDB query failed: table usage does not exist'), onRetry: () => undefined } };
export const Stale: Story = { args: { series: stale(spineStoryData.hourlyTokens, 'DuckDB worker did not answer') } };
