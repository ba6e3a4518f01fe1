// Stories for the admin users panel: the list, a locked user open for editing, the new-user form, and the list's loading,
// error and stale states.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { UsersPanel } from '../client/features/admin/UsersPanel.js';
import { adminNowMs, storyUsers } from './fixtureData/adminStoryData.js';
import { failed, loading, ready, stale } from './fixtureData/storyStates.js';
import '../client/features/admin/admin.css';

const done = async () => null;
const meta: Meta<typeof UsersPanel> = {
  title: 'Admin/UsersPanel',
  component: UsersPanel,
  decorators: [(S) => <div className="admin"><S /></div>],
  args: {
    users: ready(storyUsers), nowMs: adminNowMs, currentUsername: 'admin',
    actions: { create: done, update: done, resetPassword: done, unlock: done },
  },
};
export default meta;
type Story = StoryObj<typeof UsersPanel>;

export const Users: Story = {};
export const EditingLockedUser: Story = { args: { selected: 'zhang.min' } };
export const EditingScopedNocUser: Story = { args: { selected: 'li.wei' } };
export const NewUser: Story = { args: { creating: true } };
export const Loading: Story = { args: { users: loading } };
export const Refused: Story = { args: { users: failed('Listing users is not allowed for your role (needs users.admin).'), onRetry: () => undefined } };
export const Stale: Story = { args: { users: stale(storyUsers) } };
