// Stories for the whole revenue explorer in each of its states: starting DuckDB, loading the rated tables, querying,
// normal, empty, rating error, query error, stale (previous filters; re-rating), unrated accounts (seed-7 fixture).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { RevenueExplorerView, type RatedView, type RevenueExplorerViewProps } from '../client/features/revenue/RevenueExplorerView.js';
import { DEFAULT_VIEW, filtersOfView, type RevenueView } from '../client/features/revenue/revenueUrlState.js';
import type { ExplorerResult } from '../client/features/revenue/useRevenueViews.js';
import { revenueStoryData as d, emptyViews, storyLake } from './fixtureData/revenueStoryData.js';
import { asRoles } from './storyRoles.js';
import '../client/features/revenue/revenue.css';

const meta: Meta = { title: 'Revenue/Explorer', decorators: [asRoles('pm')], parameters: { layout: 'fullscreen' } };
export default meta;

const rated: RatedView = {
  phase: 'ready', version: 3, latestVersion: 3, options: d.options, asOfMs: d.fixture.endMs - 12 * 3_600_000, error: null, ratingFailed: false,
  staleReason: null, unrated: null, stats: { durationMs: 4310, usageRows: 378_153 },
};
const ENTERPRISE_VIEW: RevenueView = { ...DEFAULT_VIEW, tiers: [10], grain: 'week' };
const result = (view: RevenueView, views = d.all, version = 3): ExplorerResult => ({ views, filters: filtersOfView(view, storyLake).filters, version, queryMs: 118 });

function Explorer(p: Partial<RevenueExplorerViewProps> & { viewOf?: RevenueView }) {
  const view = p.viewOf ?? DEFAULT_VIEW;
  const { filters, range } = filtersOfView(view, storyLake);
  return (
    <RevenueExplorerView rated={rated} view={view} onView={() => undefined} filters={filters} urlRange={range} lake={storyLake}
      views={{ kind: 'ready', result: result(view) }} check={{ kind: 'match', serverFen: d.all.summary.revenueFen }} {...p} />
  );
}

export const Normal: StoryObj = { render: () => <Explorer /> };
export const EnterpriseWeekly: StoryObj = {
  render: () => <Explorer viewOf={ENTERPRISE_VIEW} views={{ kind: 'ready', result: result(ENTERPRISE_VIEW, d.enterprise) }} check={{ kind: 'match', serverFen: d.enterprise.summary.revenueFen }} />,
};
export const StartingDuckDb: StoryObj = {
  render: () => <Explorer rated={{ ...rated, phase: 'starting', version: null, options: null, asOfMs: null }} lake={null} views={{ kind: 'idle' }} check={{ kind: 'pending' }} />,
};
export const LoadingRatedTables: StoryObj = {
  render: () => <Explorer rated={{ ...rated, phase: 'tables', version: null, options: null, asOfMs: null }} lake={null} views={{ kind: 'idle' }} check={{ kind: 'pending' }} />,
};
export const Querying: StoryObj = { render: () => <Explorer views={{ kind: 'loading', previous: null }} check={{ kind: 'pending' }} /> };
/** New filters, old answer: the summary waits; charts and tables stay dimmed and labelled until the answer comes. */
export const StalePreviousFilters: StoryObj = {
  render: () => <Explorer viewOf={ENTERPRISE_VIEW} views={{ kind: 'loading', previous: result(DEFAULT_VIEW) }} check={{ kind: 'pending' }} />,
};
/** The server re-rated: same filters, the figures stay on screen marked stale until the new tables are queried. */
export const StaleReRating: StoryObj = {
  render: () => <Explorer rated={{ ...rated, version: 4, latestVersion: 4 }} views={{ kind: 'loading', previous: result(DEFAULT_VIEW) }} check={{ kind: 'pending' }} />,
};
export const Empty: StoryObj = {
  render: () => {
    const view = { ...DEFAULT_VIEW, tiers: [8], segments: ['government'] };
    return <Explorer viewOf={view} views={{ kind: 'ready', result: result(view, emptyViews) }} check={{ kind: 'match', serverFen: 0 }} />;
  },
};
export const RatingError: StoryObj = {
  render: () => <Explorer rated={{ ...rated, phase: 'error', version: null, options: null, asOfMs: null, error: 'worker exited with code 1', ratingFailed: true }}
    lake={null} views={{ kind: 'idle' }} check={{ kind: 'pending' }} onRetryRated={() => undefined} />,
};
export const QueryError: StoryObj = {
  render: () => <Explorer views={{ kind: 'error', error: 'Binder Error: column "tier_id" not found', previous: null }} check={{ kind: 'pending' }} onRetryViews={() => undefined} />,
};
/** The latest re-rating failed: the last good rating stays, marked stale; some accounts could not be rated. */
export const LastRatingFailedAndUnrated: StoryObj = {
  render: () => <Explorer rated={{ ...rated, staleReason: 'lake file vanished during the scan', unrated: { n: 3, reasons: 'unknown tier: 3' } }} />,
};
/** A link with reversed dates: refused with a message, every rated day shown. */
export const ReversedLink: StoryObj = { render: () => <Explorer viewOf={{ ...DEFAULT_VIEW, from: '2026-10-27', to: '2026-10-23' }} /> };
