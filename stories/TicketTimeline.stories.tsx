// Stories for a ticket's timeline: healed by the simulated controller, the same fault escalated without one, and the
// autonomy cases (a suggestion waiting and approved, rejected and judged false, refused by a guard, held by a
// maintenance window, observed only).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TicketTimeline } from '../client/features/automation/TicketTimeline.js';
import type { TicketDetailWithSeries } from '../schema/automation.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';
import { autonomyStoryData as a, withAutonomyDefaults } from './fixtureData/autonomyStoryData.js';
import '../client/features/automation/automation.css';

const current = (x: TicketDetailWithSeries): TicketDetailWithSeries => ({ ...x, ticket: withAutonomyDefaults(x.ticket) });
const decide = { onApprove: async () => undefined, onReject: async () => undefined, onVerdict: async () => undefined };

const meta: Meta<typeof TicketTimeline> = {
  title: 'Automation/TicketTimeline',
  component: TicketTimeline,
  args: { detail: current(d.resolved), nowMs: d.nowMs, onAcknowledge: () => undefined, onComment: () => undefined, onResolve: () => undefined, ...decide },
};
export default meta;
type Story = StoryObj<typeof TicketTimeline>;

export const ResolvedBySelfHealing: Story = {};
export const EscalatedNoRecovery: Story = { args: { detail: current(d.escalated) } };
export const ReadOnly: Story = { args: { onAcknowledge: undefined, onComment: undefined, onResolve: undefined, onApprove: undefined, onReject: undefined, onVerdict: undefined } };
export const SuggestionAwaitingApproval: Story = { args: { detail: a.pending, nowMs: a.pending.ticket.openedAtMs + 60_000 } };
export const ApprovedAndVerified: Story = { args: { detail: a.approved, nowMs: a.nowMs } };
export const RejectedJudgedFalse: Story = { args: { detail: a.rejected, nowMs: a.nowMs } };
export const RefusedByGuard: Story = { args: { detail: a.guardRefused, nowMs: a.nowMs } };
export const HeldByMaintenance: Story = { args: { detail: a.maintenanceHeld, nowMs: a.nowMs } };
export const ObservedOnly: Story = { args: { detail: a.observed, nowMs: a.nowMs } };
/** The server refused the approval: the message stays on the card. */
export const ApprovalRefused: Story = {
  args: { detail: a.pending, nowMs: a.pending.ticket.openedAtMs + 60_000, onApprove: async () => { throw new Error('ticket 1 has no suggestion waiting for approval'); } },
};
