// Stories for the autonomy panel: read-only (NOC), editable (automation admin), braked, a broken policy file, an empty
// week, loading, a failed load and a failed refresh (the last overview kept, marked stale).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { AutonomyPanel } from '../client/features/automation/AutonomyPanel.js';
import type { AutonomyEdit } from '../client/features/automation/autonomyApi.js';
import { failed, loading, ready, stale } from './fixtureData/automationStoryStates.js';
import { autonomyStoryData as d } from './fixtureData/autonomyStoryData.js';

const edit: AutonomyEdit = { setLevel: async () => undefined, setBrake: async () => undefined, setBlocklist: async () => undefined };
const emptyWeek = {
  ...d.overview,
  mix: { ...d.overview.mix, observe: { tickets: 0 }, suggest: { proposed: 0, approved: 0, rejected: 0, expired: 0, pending: 0 }, auto: { actions: 0, resolved: 0, escalated: 0 }, refusedByGuard: 0, approvalRate: null },
  ledger: { ...d.overview.ledger, rows: [], totals: { tickets: 0, trueTickets: 0, falseTickets: 0, unjudged: 0, revenueProtectedFen: 0, creditsAvoidedFen: 0, falseCostFen: 0 } },
};

const meta: Meta<typeof AutonomyPanel> = {
  title: 'Automation/AutonomyPanel',
  component: AutonomyPanel,
  decorators: [(S) => <main className="automation"><S /></main>],
  args: { state: ready(d.overview, d.nowMs), edit: null, onRetry: () => undefined },
};
export default meta;
type Story = StoryObj<typeof AutonomyPanel>;

export const ReadOnly: Story = {};
export const AutomationAdmin: Story = { args: { edit } };
export const Braked: Story = { args: { state: ready(d.brakedOverview, d.nowMs), edit } };
export const BrokenPolicyFile: Story = { args: { state: ready({ ...d.overview, settings: d.brokenPolicySettings }, d.nowMs), edit } };
export const EmptyWeek: Story = { args: { state: ready(emptyWeek, d.nowMs), edit } };
export const Loading: Story = { args: { state: loading } };
export const LoadFailed: Story = { args: { state: failed('automation is off (OPSDECK_AUTOMATION=off)') } };
/** A refresh failed after a good load: the last overview stays, marked stale with its time. */
export const RefreshFailed: Story = { args: { state: stale(d.overview, d.nowMs) } };
