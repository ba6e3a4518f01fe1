// Stories for a ticket's timeline: loading, a failed load, stale after a failed refresh, healed by the simulated
// controller, the same fault escalated without one, and the autonomy cases (a suggestion waiting and approved, rejected
// and judged false, refused by a guard, held by a maintenance window, observed only).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TicketTimeline } from '../client/features/automation/TicketTimeline.js';
import type { TicketDetailWithSeries } from '../schema/automation.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';
import { failed, loading, ready, stale } from './fixtureData/automationStoryStates.js';
import { autonomyStoryData as a, withAutonomyDefaults } from './fixtureData/autonomyStoryData.js';

const current = (x: TicketDetailWithSeries): TicketDetailWithSeries => ({ ...x, ticket: withAutonomyDefaults(x.ticket) });
const decide = { onApprove: async () => undefined, onReject: async () => undefined, onVerdict: async () => undefined };
const of = (x: TicketDetailWithSeries, nowMs: number) => ({ ticketId: x.ticket.ticketId, state: ready(x, nowMs), nowMs });

const meta: Meta<typeof TicketTimeline> = {
  title: 'Automation/TicketTimeline',
  component: TicketTimeline,
  decorators: [(S) => <main className="automation"><S /></main>],
  args: { ...of(current(d.resolved), d.nowMs), onClose: () => undefined, onRetry: () => undefined, onAcknowledge: () => undefined, onComment: () => undefined, onResolve: () => undefined, ...decide },
};
export default meta;
type Story = StoryObj<typeof TicketTimeline>;

export const ResolvedBySelfHealing: Story = {};
export const Loading: Story = { args: { ticketId: 7, state: loading } };
export const LoadFailed: Story = { args: { ticketId: 9999, state: failed('no ticket 9999') } };
export const Stale: Story = { args: { state: stale(current(d.resolved), d.nowMs, 'the server did not answer (502)') } };
export const EscalatedNoRecovery: Story = { args: of(current(d.escalated), d.nowMs) };
export const ReadOnly: Story = { args: { onAcknowledge: undefined, onComment: undefined, onResolve: undefined, onApprove: undefined, onReject: undefined, onVerdict: undefined } };
export const SuggestionAwaitingApproval: Story = { args: of(a.pending, a.pending.ticket.openedAtMs + 60_000) };
export const ApprovedAndVerified: Story = { args: of(a.approved, a.nowMs) };
export const RejectedJudgedFalse: Story = { args: of(a.rejected, a.nowMs) };
export const RefusedByGuard: Story = { args: of(a.guardRefused, a.nowMs) };
export const HeldByMaintenance: Story = { args: of(a.maintenanceHeld, a.nowMs) };
export const ObservedOnly: Story = { args: of(a.observed, a.nowMs) };
/** The server refused the approval: the message stays on the card. */
export const ApprovalRefused: Story = {
  args: { ...of(a.pending, a.pending.ticket.openedAtMs + 60_000), onApprove: async () => { throw new Error('ticket 1 has no suggestion waiting for approval'); } },
};
