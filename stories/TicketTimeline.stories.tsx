// Stories for a ticket's timeline: healed by the simulated controller, and the same fault escalated without one.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TicketTimeline } from '../client/features/automation/TicketTimeline.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';

const meta: Meta<typeof TicketTimeline> = {
  title: 'Automation/TicketTimeline',
  component: TicketTimeline,
  args: { detail: d.resolved, nowMs: d.nowMs, onAcknowledge: () => undefined, onComment: () => undefined, onResolve: () => undefined },
};
export default meta;
type Story = StoryObj<typeof TicketTimeline>;

export const ResolvedBySelfHealing: Story = {};
export const EscalatedNoRecovery: Story = { args: { detail: d.escalated } };
export const ReadOnly: Story = { args: { onAcknowledge: undefined, onComment: undefined, onResolve: undefined } };
