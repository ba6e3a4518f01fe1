// Stories for the audit trail panel: an intact chain, a broken one, filters with nothing matching, more to load, and its
// loading, error, stale and reversed-range states.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { AuditPanel } from '../client/features/admin/AuditPanel.js';
import { NO_AUDIT_FILTERS } from '../client/features/admin/auditQuery.js';
import { storyAudit, storyChainBroken, storyChainOk } from './fixtureData/adminStoryData.js';
import { STORY_AS_OF_MS } from './fixtureData/storyStates.js';
import '../client/features/admin/admin.css';

const meta: Meta<typeof AuditPanel> = {
  title: 'Admin/AuditPanel',
  component: AuditPanel,
  decorators: [(S) => <div className="admin"><S /></div>],
  args: { entries: storyAudit, chain: storyChainOk, filters: NO_AUDIT_FILTERS, onFilters: () => undefined, onLoadOlder: null, loading: false, asOfMs: STORY_AS_OF_MS },
};
export default meta;
type Story = StoryObj<typeof AuditPanel>;

export const ChainIntact: Story = {};
export const ChainBroken: Story = { args: { chain: storyChainBroken } };
export const MoreToLoad: Story = { args: { onLoadOlder: () => undefined } };
/** Empty: the filters match nothing. */
export const FilteredNothing: Story = {
  args: { entries: [], filters: { fromDay: '2030-01-05', toDay: '2030-01-06', actor: 'nobody', action: 'token.issued' } },
};
export const Loading: Story = { args: { entries: null, chain: null, loading: true } };
export const Unavailable: Story = { args: { entries: null, chain: null, error: 'Reading the audit trail is not allowed for your role (needs audit.read).', onRetry: () => undefined } };
/** Stale: a reload failed; the entries read before stay, marked. */
export const Stale: Story = { args: { error: 'the server did not answer (HTTP 503)' } };
/** A reversed day range (from a hand-edited URL): refused with a message, nothing asked. */
export const ReversedRange: Story = { args: { entries: null, filters: { ...NO_AUDIT_FILTERS, fromDay: '2030-01-06', toDay: '2030-01-02' } } };
