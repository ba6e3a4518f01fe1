// Stories for the spine sync & ingest panel, with numbers derived from the seed-7 fixture lake.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { StatusPanel, type BrowserSyncView, type ServerStatusView } from '../client/features/spine/StatusPanel.js';
import { spineStoryData as d } from './fixtureData/spineStoryData.js';

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
  args: { browser, server, catalogTotals },
};
export default meta;
type Story = StoryObj<typeof StatusPanel>;

export const Live: Story = {};

/** Snapshot loaded, still applying frames up to the highest snapshot seq. */
export const CatchingUp: Story = {
  args: { browser: { ...browser, phase: 'catching-up', pendingRows: d.usageRowsLastHour }, server: { ...server, seq: 3 } },
};

export const ServerUnreachable: Story = { args: { server: null, catalogTotals: null, browser: { ...browser, socket: 'closed', reconnects: 4 } } };
