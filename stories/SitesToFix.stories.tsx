// Stories for the ranked "sites to fix first" list, fed from the seed-7 fixture lake: normal, none to fix, empty filter,
// loading, error and stale.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { SitesToFix, type SitesToFixData } from '../client/features/noc/SitesToFix.js';
import { rankSitesToFix } from '../client/features/noc/siteMapModel.js';
import type { Loadable } from '../client/ui/ViewState.js';
import { nocStoryData, nocStoryPoints } from './fixtureData/nocStoryData.js';

const points = nocStoryPoints();
const ranked = rankSitesToFix(points);
const ready = (v: SitesToFixData, stale: string | null = null): Loadable<SitesToFixData> => ({ kind: 'ready', value: v, asOfMs: nocStoryData.window.toMs, stale });
const day: SitesToFixData = { ranked, sites: points.length, noData: points.filter((p) => p.status.status === 'no_data').length };

const meta: Meta<typeof SitesToFix> = {
  title: 'NOC/SitesToFix',
  component: SitesToFix,
  args: { state: ready(day), selectedSiteId: ranked[0]?.siteId ?? null, onSelect: () => undefined },
};
export default meta;
type Story = StoryObj<typeof SitesToFix>;

export const Day: Story = {};
/** Data arrived and nothing needs attention: said as such, with the sites that have no data. */
export const NoneToFix: Story = { args: { state: ready({ ranked: [], sites: 20, noData: 2 }) } };
export const EmptyFilter: Story = { args: { state: ready({ ranked: [], sites: 0, noData: 0 }) } };
/** Before data: a spinner, never "every site meets its objective". */
export const Loading: Story = { args: { state: { kind: 'loading' } } };
export const LoadFailed: Story = { args: { state: { kind: 'error', error: 'noc.assurance failed: 503 Service Unavailable' }, onRetry: () => undefined } };
export const Stale: Story = { args: { state: ready(day, 'the last refresh failed: fetch failed') } };
