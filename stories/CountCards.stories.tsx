// Stories for the diagnostics page's count cards (browser DuckDB vs server at the same seq), fed from the seed-7 fixture
// lake, in their loading, error, stale and mismatch states.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { CountCards } from '../client/features/spine/CountCards.js';
import { BROWSER_TABLES } from '../client/dataSync/liveDataset.js';
import { spineStoryData } from './fixtureData/spineStoryData.js';
import { failed, loading, ready, stale } from './fixtureData/storyStates.js';
import '../client/features/spine/spine.css';

const SEQ = 0; // a freshly generated lake: nothing live yet
const browser = ready({ seq: SEQ, counts: spineStoryData.counts });

const meta: Meta<typeof CountCards> = {
  title: 'Spine/CountCards',
  component: CountCards,
  decorators: [(S) => <div className="spine"><S /></div>],
  args: { tables: BROWSER_TABLES, counts: browser, server: ready({ atSeq: SEQ, counts: spineStoryData.counts }) },
};
export default meta;
type Story = StoryObj<typeof CountCards>;

/** Browser and server agree for the same seq. */
export const Matching: Story = {};
/** The server's counts are for a later seq than the browser's: shown, but not compared. */
export const ServerAhead: Story = { args: { server: ready({ atSeq: SEQ + 1, counts: spineStoryData.totals }) } };
/** The browser holds a row fewer than the server for the same seq: flagged. */
export const Mismatch: Story = { args: { server: ready({ atSeq: SEQ, counts: { ...spineStoryData.counts, usage: spineStoryData.counts.usage + 1 } }) } };
/** The browser's DuckDB is still loading its snapshot: no counts (never blanks or 0). */
export const Loading: Story = { args: { counts: loading, server: loading, loadingWhat: "the browser's DuckDB (loading snapshot)" } };
/** Browser counts known, the server's still on their way. */
export const ServerLoading: Story = { args: { server: loading } };
export const ServerUnavailable: Story = { args: { server: failed() } };
export const BrowserError: Story = { args: { counts: failed('DuckDB-WASM could not start: out of memory'), server: loading } };
/** The last count read failed: the previous reading stays, marked stale. */
export const Stale: Story = { args: { counts: stale({ seq: SEQ, counts: spineStoryData.counts }, 'DuckDB worker did not answer') } };
