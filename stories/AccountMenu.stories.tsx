// Stories for the account corner of the navigation bar: a local admin (with password change) and a single sign-on executive;
// roles and scope shown in the toolbar's language.
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

/** The server refuses the change (wrong current password). */
export const PasswordForm: StoryObj<typeof ChangePasswordForm> = {
  render: () => <div className="panel" style={{ width: 300, margin: 16 }}><ChangePasswordForm username="admin" onChangePassword={async () => 'Current password not accepted: wrong password'} /></div>,
};
/** Loading: the change is on its way (after submitting a valid form). */
export const PasswordChanging: StoryObj<typeof ChangePasswordForm> = {
  render: () => <div className="panel" style={{ width: 300, margin: 16 }}><ChangePasswordForm username="admin" onChangePassword={() => new Promise(() => undefined)} /></div>,
  play: async ({ canvasElement }) => {
    const inputs = [...canvasElement.querySelectorAll<HTMLInputElement>('input[type=password]')];
    ['old-password-12', 'new-password-12', 'new-password-12'].forEach((v, i) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(inputs[i], v);
      inputs[i]!.dispatchEvent(new Event('input', { bubbles: true }));
    });
    canvasElement.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  },
};
