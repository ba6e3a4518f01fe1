// Stories for the admin users panel: the list, a locked user open for editing, and the new-user form.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { UsersPanel } from '../client/features/admin/UsersPanel.js';
import { adminNowMs, storyUsers } from './fixtureData/adminStoryData.js';
import '../client/features/admin/admin.css';

const done = async () => null;
const meta: Meta<typeof UsersPanel> = {
  title: 'Admin/UsersPanel',
  component: UsersPanel,
  decorators: [(S) => <div className="admin"><S /></div>],
  args: {
    users: storyUsers, nowMs: adminNowMs, currentUsername: 'admin',
    actions: { create: done, update: done, resetPassword: done, unlock: done },
  },
};
export default meta;
type Story = StoryObj<typeof UsersPanel>;

export const Users: Story = {};
export const EditingLockedUser: Story = { args: { initialSelected: 'zhang.min' } };
export const EditingScopedNocUser: Story = { args: { initialSelected: 'li.wei' } };
export const NewUser: Story = { args: { initialCreating: true } };
export const Loading: Story = { args: { users: null } };
export const Refused: Story = { args: { users: null, error: 'Listing users is not allowed for your role (needs users.admin).' } };
