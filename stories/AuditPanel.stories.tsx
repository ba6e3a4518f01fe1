// Stories for the audit trail panel: an intact chain, a broken one, filters with nothing matching, and more to load.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { AuditPanel } from '../client/features/admin/AuditPanel.js';
import { NO_AUDIT_FILTERS } from '../client/features/admin/auditQuery.js';
import { storyAudit, storyChainBroken, storyChainOk } from './fixtureData/adminStoryData.js';
import '../client/features/admin/admin.css';

const meta: Meta<typeof AuditPanel> = {
  title: 'Admin/AuditPanel',
  component: AuditPanel,
  decorators: [(S) => <div className="admin"><S /></div>],
  args: { entries: storyAudit, chain: storyChainOk, filters: NO_AUDIT_FILTERS, onFilters: () => undefined, onLoadOlder: null, loading: false },
};
export default meta;
type Story = StoryObj<typeof AuditPanel>;

export const ChainIntact: Story = {};
export const ChainBroken: Story = { args: { chain: storyChainBroken } };
export const MoreToLoad: Story = { args: { onLoadOlder: () => undefined } };
export const FilteredNothing: Story = {
  args: { entries: [], filters: { fromDay: '2030-01-05', toDay: '2030-01-06', actor: 'nobody', action: 'token.issued' } },
};
