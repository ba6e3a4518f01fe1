// Stories for the NOC cards (one per status, credits pro-rated to the window, revenue at risk in the window), from the
// seed-7 fixture lake: whole fleet, a region, only problems, rating pending, loading, error and stale.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { NocFleetCards, type FleetCardsData } from '../client/features/noc/NocFleetCards.js';
import { filterSites, NO_FILTER, selectionFigures, type SiteFilter } from '../client/features/noc/siteMapModel.js';
import type { Loadable } from '../client/ui/ViewState.js';
import { nocStoryData, nocStoryPoints } from './fixtureData/nocStoryData.js';

const w = nocStoryData.window;
function cards(filter: SiteFilter, o: { rated?: boolean; stale?: string } = {}): Loadable<FleetCardsData> {
  return {
    kind: 'ready', asOfMs: w.toMs, stale: o.stale ?? null,
    value: { figures: selectionFigures(filterSites(nocStoryPoints(), filter)), window: w, revenueWindow: o.rated === false ? null : w, onlyProblems: filter.onlyProblems },
  };
}

const meta: Meta<typeof NocFleetCards> = {
  title: 'NOC/NocFleetCards',
  component: NocFleetCards,
  args: { state: cards(NO_FILTER) },
};
export default meta;
type Story = StoryObj<typeof NocFleetCards>;

export const WholeFleet: Story = {};
export const OneRegion: Story = { args: { state: cards({ ...NO_FILTER, region: nocStoryData.sites[0]!.region }) } };
/** "Only problems" hides met and no-data sites: those cards say so instead of showing 0. */
export const OnlyProblems: Story = { args: { state: cards({ ...NO_FILTER, onlyProblems: true }) } };
export const RatingPending: Story = { args: { state: cards(NO_FILTER, { rated: false }) } };
export const Loading: Story = { args: { state: { kind: 'loading' } } };
export const LoadFailed: Story = { args: { state: { kind: 'error', error: 'noc.assurance failed: 503 Service Unavailable' }, onRetry: () => undefined } };
export const Stale: Story = { args: { state: cards(NO_FILTER, { stale: 'the last refresh failed: fetch failed' }) } };
