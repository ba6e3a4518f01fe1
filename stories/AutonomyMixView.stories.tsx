// Stories for the autonomy mix: the fixture's week (observe, suggest, auto, a guard refusal) and a week with nothing.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { AutonomyMixView } from '../client/features/automation/AutonomyMixView.js';
import { autonomyStoryData as d } from './fixtureData/autonomyStoryData.js';
import '../client/features/automation/autonomy.css';

const meta: Meta<typeof AutonomyMixView> = {
  title: 'Automation/AutonomyMixView',
  component: AutonomyMixView,
  decorators: [(S) => <div className="panel"><S /></div>],
  args: { mix: d.overview.mix },
};
export default meta;
type Story = StoryObj<typeof AutonomyMixView>;

export const Week: Story = {};
export const NothingYet: Story = {
  args: { mix: { ...d.overview.mix, observe: { tickets: 0 }, suggest: { proposed: 0, approved: 0, rejected: 0, expired: 0, pending: 0 }, auto: { actions: 0, resolved: 0, escalated: 0 }, refusedByGuard: 0, approvalRate: null } },
};
