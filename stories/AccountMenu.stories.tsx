// Stories for the account corner of the navigation bar: a local admin (with password change) and a single sign-on executive.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { AccountMenu } from '../client/features/account/AccountMenu.js';
import { ChangePasswordForm } from '../client/features/account/ChangePasswordForm.js';
import { storySessions } from './fixtureData/adminStoryData.js';

const meta: Meta<typeof AccountMenu> = {
  title: 'Access/AccountMenu',
  component: AccountMenu,
  decorators: [(S) => <nav className="appnav"><span className="brand">OpsDeck</span><S /></nav>],
  parameters: { layout: 'fullscreen' },
  args: { session: storySessions.admin, onSignOut: () => undefined, onChangePassword: async () => null },
};
export default meta;
type Story = StoryObj<typeof AccountMenu>;

export const LocalAdmin: Story = {};
export const ScopedExecutiveViaSso: Story = { args: { session: storySessions.exec } };

export const PasswordForm: StoryObj<typeof ChangePasswordForm> = {
  render: () => <div className="panel" style={{ width: 300, margin: 16 }}><ChangePasswordForm username="admin" onChangePassword={async () => 'Current password not accepted: wrong password'} /></div>,
};
