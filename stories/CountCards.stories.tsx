// Stories for the spine count cards, fed from the seed-7 fixture lake.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { CountCards } from '../client/features/spine/CountCards.js';
import { spineStoryData } from './fixtureData/spineStoryData.js';

const TABLES = ['site', 'tier', 'account', 'usage', 'kpi', 'alarm'] as const;
const SEQ = 0; // a freshly generated lake: nothing live yet

const meta: Meta<typeof CountCards> = {
  title: 'Spine/CountCards',
  component: CountCards,
  args: { tables: TABLES, counts: spineStoryData.counts, seq: SEQ },
};
export default meta;
type Story = StoryObj<typeof CountCards>;

/** Browser and server agree for the same seq. */
export const Matching: Story = { args: { serverCounts: spineStoryData.counts, serverSeq: SEQ } };

/** The server's counts are for a later seq than the browser's: shown, but not compared. */
export const ServerAhead: Story = { args: { serverCounts: spineStoryData.totals, serverSeq: SEQ + 1 } };

export const Loading: Story = { args: { counts: null, seq: null, serverCounts: null } };
