// Stories for the ranked "sites to fix first" list, fed from the seed-7 fixture lake.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { SitesToFix } from '../client/features/noc/SitesToFix.js';
import { rankSitesToFix } from '../client/features/noc/siteMapModel.js';
import { nocStoryPoints } from './fixtureData/nocStoryData.js';

const ranked = rankSitesToFix(nocStoryPoints());
const meta: Meta<typeof SitesToFix> = {
  title: 'NOC/SitesToFix',
  component: SitesToFix,
  args: { ranked, selectedSiteId: ranked[0]?.siteId ?? null, onSelect: () => undefined },
};
export default meta;
type Story = StoryObj<typeof SitesToFix>;

export const Day: Story = {};
export const AllHealthy: Story = { args: { ranked: [] } };
