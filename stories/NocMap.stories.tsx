// Stories for the NOC map (deck.gl over the offline province basemap), fed from the seed-7 fixture lake: the normal views
// and the loading, empty, error and stale states; the legend counts each status's dots.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { NocMap, type NocMapProps } from '../client/features/noc/NocMap.js';
import { NocSiteSearch } from '../client/features/noc/NocSiteSearch.js';
import { provinceBounds } from '../client/features/noc/chinaBasemap.js';
import { filterSites, NO_FILTER, siteBounds } from '../client/features/noc/siteMapModel.js';
import { nocStoryData, nocStoryPoints } from './fixtureData/nocStoryData.js';

function Stateful(props: Omit<NocMapProps, 'onSelect' | 'selectedSiteId'> & { withSearch?: boolean }) {
  const [sel, setSel] = useState<number | null>(null);
  const [q, setQ] = useState('');
  const [focus, setFocus] = useState<NocMapProps['focus']>(null);
  const { withSearch, ...rest } = props;
  const search = withSearch ? <NocSiteSearch points={props.points} query={q} onQuery={setQ} onPick={(id) => {
    const p = props.points.find((x) => x.siteId === id);
    setSel(id);
    if (p) setFocus({ key: `site ${id} ${Date.now()}`, bounds: siteBounds([p], 0.8) });
  }} /> : undefined;
  return <NocMap {...rest} selectedSiteId={sel} onSelect={setSel} focus={focus} controls={search} />;
}

const meta: Meta<typeof Stateful> = {
  title: 'NOC/NocMap',
  component: Stateful,
  args: { points: nocStoryPoints(), sizeBy: 'users', height: 520, withSearch: true },
};
export default meta;
type Story = StoryObj<typeof Stateful>;

export const Day: Story = {};
export const SizedByRevenue: Story = { args: { sizeBy: 'revenue' } };
/** Two sites with raised alarms pulse. */
export const Alarms: Story = { args: { points: nocStoryPoints([nocStoryData.detailSiteId, nocStoryData.sites[0]!.siteId]) } };
export const OnlyProblems: Story = {
  args: (() => {
    const points = filterSites(nocStoryPoints(), { ...NO_FILTER, onlyProblems: true });
    return { points, home: { key: 'problems', bounds: siteBounds(points) } };
  })(),
};
/** A province chosen: outlined, and the map zoomed to it. */
export const ProvinceZoomed: Story = (() => {
  const province = nocStoryData.sites[0]!.province;
  return { args: { points: filterSites(nocStoryPoints(), { ...NO_FILTER, province }), highlightProvince: province, home: { key: province, bounds: provinceBounds(province) } } };
})();
/** Before the first snapshot: no dots, no counts, a spinner. */
export const Loading: Story = { args: { points: [], loading: true } };
/** A filter nothing matches. */
export const Empty: Story = { args: { points: [] } };
export const LoadFailed: Story = { args: { points: [], error: 'noc.assurance failed: 503 Service Unavailable', onRetry: () => undefined } };
/** The last snapshot kept after a failed refresh, marked with its time. */
export const Stale: Story = { args: { stale: { asOfMs: nocStoryData.window.toMs, reason: 'noc.assurance failed: fetch failed' } } };
