// Stories for the API tokens panel: active, expired and revoked tokens, the one-time view of a new secret, and the list's
// loading, empty, error and stale states.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TokensPanel } from '../client/features/admin/TokensPanel.js';
import { adminNowMs, storyIssuedToken, storyTokens, storyUsers } from './fixtureData/adminStoryData.js';
import { failed, loading, ready, stale } from './fixtureData/storyStates.js';
import '../client/features/admin/admin.css';

const meta: Meta<typeof TokensPanel> = {
  title: 'Admin/TokensPanel',
  component: TokensPanel,
  decorators: [(S) => <div className="admin"><S /></div>],
  args: {
    tokens: ready(storyTokens), usernames: storyUsers.map((u) => u.username), nowMs: adminNowMs, filterUser: '',
    onFilterUser: () => undefined, onIssue: async () => storyIssuedToken, onRevoke: async () => null,
  },
};
export default meta;
type Story = StoryObj<typeof TokensPanel>;

export const Tokens: Story = {};
export const JustIssued: Story = { args: { initialIssued: storyIssuedToken } };
export const NoTokens: Story = { args: { tokens: ready([]) } };
export const Loading: Story = { args: { tokens: loading } };
export const Unavailable: Story = { args: { tokens: failed(), onRetry: () => undefined } };
export const Stale: Story = { args: { tokens: stale(storyTokens) } };
