// Stories for the NOC map (deck.gl over the offline province basemap), fed from the seed-7 fixture lake.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { NocMap, type NocMapProps } from '../client/features/noc/NocMap.js';
import { filterSites, NO_FILTER } from '../client/features/noc/siteMapModel.js';
import { nocStoryData, nocStoryPoints } from './fixtureData/nocStoryData.js';

function Stateful(props: Omit<NocMapProps, 'onSelect' | 'selectedSiteId'>) {
  const [sel, setSel] = useState<number | null>(null);
  return <NocMap {...props} selectedSiteId={sel} onSelect={setSel} />;
}

const meta: Meta<typeof Stateful> = {
  title: 'NOC/NocMap',
  component: Stateful,
  args: { points: nocStoryPoints(), sizeBy: 'users', height: 520 },
};
export default meta;
type Story = StoryObj<typeof Stateful>;

export const Day: Story = {};
export const SizedByRevenue: Story = { args: { sizeBy: 'revenue' } };
/** Two sites with raised alarms pulse. */
export const Alarms: Story = { args: { points: nocStoryPoints([nocStoryData.detailSiteId, nocStoryData.sites[0]!.siteId]) } };
export const OnlyBreaching: Story = { args: { points: filterSites(nocStoryPoints(), { ...NO_FILTER, onlyBreaching: true }) } };
export const ProvinceHighlighted: Story = { args: { highlightProvince: nocStoryData.sites[0]!.province } };
