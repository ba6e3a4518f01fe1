// Stories for the site drill-down panel, fed from the seed-7 fixture lake (its worst site).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { SiteDrillDown } from '../client/features/noc/SiteDrillDown.js';
import { nocStoryData, nocStoryPoints } from './fixtureData/nocStoryData.js';

const points = nocStoryPoints();
const worst = points.find((p) => p.siteId === nocStoryData.detailSiteId)!;
const healthy = points.find((p) => p.level === 'met') ?? points[0]!;

const meta: Meta<typeof SiteDrillDown> = {
  title: 'NOC/SiteDrillDown',
  component: SiteDrillDown,
  args: { site: worst, detail: nocStoryData.detail, tickets: null, tierNames: new Map(nocStoryData.tierNames) },
};
export default meta;
type Story = StoryObj<typeof SiteDrillDown>;

export const WorstSite: Story = {};
export const WithTickets: Story = { args: { tickets: [{ id: 'T-1042', state: 'acting', title: 'Latency above 30 ms SLA', openedMs: nocStoryData.window.toMs - 1_800_000 }] } };
export const Loading: Story = { args: { detail: null } };
export const HealthySiteNoSeries: Story = { args: { site: healthy, detail: { series: [], openAlarms: [], accounts: [] } } };
