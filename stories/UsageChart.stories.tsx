// Stories for the hourly token usage chart, fed from the seed-7 fixture lake.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { UsageChart } from '../client/features/spine/UsageChart.js';
import { spineStoryData } from './fixtureData/spineStoryData.js';

const meta: Meta<typeof UsageChart> = {
  title: 'Spine/UsageChart',
  component: UsageChart,
  args: { series: spineStoryData.hourlyTokens },
};
export default meta;
type Story = StoryObj<typeof UsageChart>;

export const Day: Story = {};
/** The first six hours only, as right after start-up. */
export const FirstHours: Story = { args: { series: spineStoryData.hourlyTokens.slice(0, 6) } };
export const Empty: Story = { args: { series: [] } };
