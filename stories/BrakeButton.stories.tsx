// Stories for the global brake: off and on for an automation admin, read-only, a refused change, and the page banner.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { userEvent, within } from 'storybook/test';
import { BrakeBanner } from '../client/features/automation/BrakeBanner.js';
import { BrakeButton } from '../client/features/automation/BrakeButton.js';
import { autonomyStoryData as d } from './fixtureData/autonomyStoryData.js';
import '../client/features/automation/autonomy.css';

const meta: Meta<typeof BrakeButton> = {
  title: 'Automation/BrakeButton',
  component: BrakeButton,
  args: { brake: d.overview.settings.policy.brake, onSetBrake: async () => undefined },
};
export default meta;
type Story = StoryObj<typeof BrakeButton>;

export const Off: Story = {};
export const On: Story = { args: { brake: d.brakedOverview.settings.policy.brake } };
export const OnReadOnly: Story = { args: { brake: d.brakedOverview.settings.policy.brake, onSetBrake: undefined } };
/** Braked by a policy file that does not load (no person, no time). */
export const OnByPolicyFile: Story = { args: { brake: d.brokenPolicySettings.policy.brake, onSetBrake: undefined } };
export const ChangeRefused: Story = {
  args: { brake: d.brakedOverview.settings.policy.brake, onSetBrake: async () => { throw new Error('Changing the brake is not allowed for your role (autonomy.write).'); } },
  play: async ({ canvasElement }) => { await userEvent.click(within(canvasElement).getByTestId('brake-toggle')); },
};
/** Pulling the brake asks for the reason the banner will show. */
export const PullAsksWhy: Story = {
  play: async ({ canvasElement }) => { await userEvent.click(within(canvasElement).getByTestId('brake-toggle')); },
};
export const PageBanner: Story = { render: () => <BrakeBanner brake={d.brakedOverview.settings.policy.brake} /> };
