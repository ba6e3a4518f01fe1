// The NOC map with sites under a maintenance window in force ringed in violet (legend and tooltip name the window).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { NocMap, type NocMapProps } from '../client/features/noc/NocMap.js';
import { maintenanceBySite } from '../client/features/noc/siteMapModel.js';
import { maintenanceStoryViews } from './fixtureData/maintenanceStoryData.js';
import { nocStoryData, nocStoryPoints } from './fixtureData/nocStoryData.js';

function Stateful(props: Omit<NocMapProps, 'onSelect' | 'selectedSiteId'>) {
  const [sel, setSel] = useState<number | null>(null);
  return <NocMap {...props} selectedSiteId={sel} onSelect={setSel} />;
}

const ids = nocStoryData.sites.map((s) => s.siteId);
const meta: Meta<typeof Stateful> = {
  title: 'NOC/NocMap in maintenance',
  component: Stateful,
  args: { points: nocStoryPoints(), sizeBy: 'users', height: 520, maintenance: maintenanceBySite(maintenanceStoryViews, ids) },
};
export default meta;
type Story = StoryObj<typeof Stateful>;

/** Hubei's four sites are under "Hubei core upgrade". */
export const ProvinceInMaintenance: Story = {};
/** No window in force: the legend still explains the ring. */
export const NoneInForce: Story = { args: { maintenance: new Map() } };
