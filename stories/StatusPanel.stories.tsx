// Stories for the diagnostics page's sync & ingest panel, with numbers derived from the seed-7 fixture lake, in its live,
// catching-up, loading, error and stale states.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { StatusPanel, type BrowserSyncView, type ServerStatusView } from '../client/features/spine/StatusPanel.js';
import { spineStoryData as d } from './fixtureData/spineStoryData.js';
import { failed, loading, ready, stale } from './fixtureData/storyStates.js';
import '../client/features/spine/spine.css';

const factRows = d.counts.usage + d.counts.kpi + d.counts.alarm;
const lastHour = d.hourlyTokens.at(-1)?.hourMs ?? d.sinceMs;

const browser: BrowserSyncView = {
  phase: 'live', bundle: 'eh', sinceMs: d.sinceMs, untilMs: d.fixture.endMs, appliedSeq: 0,
  browserRowsPerSec: Math.round(d.usageRowsLastHour / 3600), pendingRows: 0, timeToReadyMs: null,
  socket: 'open', reconnects: 0, resyncs: 0, dedupedBatches: 0,
};
const server: ServerStatusView = {
  uptimeSec: Math.round((d.fixture.endMs - lastHour) / 1000), seq: 0, acceptedTotal: factRows,
  rowsPerSec: Math.round(d.usageRowsLastHour / 3600), duplicatesTotal: 0, deadLetterTotal: 0, deadLetterByReason: {},
  liveClients: 1,
};
const catalogTotals = Object.entries(d.totals).map(([name, rows]) => ({ name, rows }));

const meta: Meta<typeof StatusPanel> = {
  title: 'Spine/StatusPanel',
  component: StatusPanel,
  decorators: [(S) => <div className="spine"><S /></div>],
  args: { browser, server: ready(server), catalogTotals: ready(catalogTotals) },
};
export default meta;
type Story = StoryObj<typeof StatusPanel>;

export const Live: Story = {};

/** Snapshot loaded, still applying frames up to the highest snapshot seq. */
export const CatchingUp: Story = {
  args: { browser: { ...browser, phase: 'catching-up', pendingRows: d.usageRowsLastHour }, server: ready({ ...server, seq: 3 }) },
};
/** The server's status not yet read: its rows show "—", never 0. */
export const Loading: Story = { args: { server: loading, catalogTotals: loading, browser: { ...browser, phase: 'snapshot', appliedSeq: null } } };
export const ServerUnreachable: Story = { args: { server: failed('fetch failed'), catalogTotals: failed('fetch failed'), browser: { ...browser, socket: 'closed', reconnects: 4 } } };
/** The last status read failed: the previous one stays, marked stale. */
export const Stale: Story = { args: { server: stale(server) } };
