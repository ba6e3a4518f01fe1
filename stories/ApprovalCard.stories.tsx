// Stories for the suggestion on a ticket: waiting for approval (as a NOC engineer and read-only), approved, rejected,
// observed only, and an approval the server refused (a maintenance window).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { userEvent, within } from 'storybook/test';
import { ApprovalCard } from '../client/features/automation/ApprovalCard.js';
import { autonomyStoryData as d } from './fixtureData/autonomyStoryData.js';
import '../client/features/automation/automation.css';
import '../client/features/automation/autonomy.css';

const meta: Meta<typeof ApprovalCard> = {
  title: 'Automation/ApprovalCard',
  component: ApprovalCard,
  decorators: [(S) => <div style={{ maxWidth: 720 }}><S /></div>],
  args: { ticket: d.pending.ticket, events: d.pending.events, onApprove: async () => undefined, onReject: async () => undefined },
};
export default meta;
type Story = StoryObj<typeof ApprovalCard>;

export const AwaitingApproval: Story = {};
/** A role without tickets.act (exec, automation-admin): what waits, no buttons. */
export const AwaitingReadOnly: Story = { args: { onApprove: undefined, onReject: undefined } };
export const Approved: Story = { args: { ticket: d.approved.ticket, events: d.approved.events } };
export const Rejected: Story = { args: { ticket: d.rejected.ticket, events: d.rejected.events } };
export const ObservedOnly: Story = { args: { ticket: d.observed.ticket, events: d.observed.events } };
/** Approve is refused by the server (the message the heal loop gives for a maintenance window): shown on the card. */
export const ApprovalRefused: Story = {
  args: {
    onApprove: async () => {
      throw new Error('a maintenance window ("Baseband firmware upgrade, Qingdao", until 2030-01-02T04:52:00.000Z) holds restart_baseband for this ticket; approve after it ends');
    },
  },
  // Clicks Approve so the story opens on the refusal.
  play: async ({ canvasElement }) => { await userEvent.click(within(canvasElement).getByTestId('approve')); },
};
/** Reject asks why before it escalates. */
export const RejectAsksWhy: Story = {
  play: async ({ canvasElement }) => { await userEvent.click(within(canvasElement).getByTestId('reject')); },
};
