// Stories for the API tokens panel: active, expired and revoked tokens, and the one-time view of a new secret.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TokensPanel } from '../client/features/admin/TokensPanel.js';
import { adminNowMs, storyIssuedToken, storyTokens, storyUsers } from './fixtureData/adminStoryData.js';
import '../client/features/admin/admin.css';

const meta: Meta<typeof TokensPanel> = {
  title: 'Admin/TokensPanel',
  component: TokensPanel,
  decorators: [(S) => <div className="admin"><S /></div>],
  args: {
    tokens: storyTokens, usernames: storyUsers.map((u) => u.username), nowMs: adminNowMs, filterUser: '',
    onFilterUser: () => undefined, onIssue: async () => storyIssuedToken, onRevoke: async () => null,
  },
};
export default meta;
type Story = StoryObj<typeof TokensPanel>;

export const Tokens: Story = {};
export const JustIssued: Story = { args: { initialIssued: storyIssuedToken } };
export const NoTokens: Story = { args: { tokens: [] } };
