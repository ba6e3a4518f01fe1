// Stories for the site drill-down panel, fed from the seed-7 fixture lake: the worst site, a site below objective on
// its uplink, tickets, and the loading, error, stale, outside-the-filter and not-found states.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { SiteDrillDown } from '../client/features/noc/SiteDrillDown.js';
import type { SitePoint } from '../client/features/noc/siteMapModel.js';
import type { Loadable } from '../client/ui/ViewState.js';
import { nocStoryData, nocStoryDetail, nocStoryPoints } from './fixtureData/nocStoryData.js';

const points = nocStoryPoints();
const worst = points.find((p) => p.siteId === nocStoryData.detailSiteId)!;
const uplink = points.find((p) => p.status.cause === 'uplink_assurance') ?? worst;
const healthy = points.find((p) => p.status.status === 'met') ?? points[0]!;
const asOfMs = nocStoryData.window.toMs;
const ready = <T,>(value: T, stale: string | null = null): Loadable<T> => ({ kind: 'ready', value, asOfMs, stale });
const site = (p: SitePoint) => ({ siteId: p.siteId, site: ready<SitePoint | null>(p) });

const meta: Meta<typeof SiteDrillDown> = {
  title: 'NOC/SiteDrillDown',
  component: SiteDrillDown,
  args: { ...site(worst), assuranceWindow: nocStoryData.window, detail: ready(nocStoryDetail()), tickets: null, tierNames: new Map(nocStoryData.tierNames), onClose: () => undefined },
};
export default meta;
type Story = StoryObj<typeof SiteDrillDown>;

export const WorstSite: Story = {};
/** Latency is fine (100 %): the uplink decided the status, so the uplink figure is the headline. */
export const BelowObjectiveOnUplink: Story = { args: { ...site(uplink), detail: ready(nocStoryDetail(uplink.siteId)) } };
export const WithTickets: Story = { args: { tickets: [{ id: '#1042', state: 'acting', title: 'Latency above 30 ms SLA', openedMs: asOfMs - 1_800_000 }] } };
/** Opened from a URL before the first snapshot: the site and its series are loading. */
export const Loading: Story = { args: { site: { kind: 'loading' }, detail: { kind: 'loading' }, tickets: undefined } };
export const SeriesLoading: Story = { args: { detail: { kind: 'loading' } } };
export const SeriesError: Story = { args: { detail: { kind: 'error', error: 'noc.siteDetail failed: 503 Service Unavailable' } } };
export const Stale: Story = { args: { site: ready<SitePoint | null>(worst, 'the last refresh failed: fetch failed'), detail: ready(nocStoryDetail(), 'the last refresh failed') } };
export const OutsideFilter: Story = { args: { outsideFilter: true } };
export const NotFound: Story = { args: { siteId: 9999, site: ready<SitePoint | null>(null), detail: { kind: 'loading' } } };
export const HealthySiteNoSeries: Story = { args: { ...site(healthy), detail: ready({ ...nocStoryDetail(healthy.siteId), series: [], openAlarms: [], accounts: [] }) } };
