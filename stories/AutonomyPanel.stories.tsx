// Stories for the autonomy panel: read-only (NOC), editable (automation admin), braked, a broken policy file, an empty
// week, loading and a failed load.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { AutonomyPanel } from '../client/features/automation/AutonomyPanel.js';
import type { AutonomyEdit } from '../client/features/automation/autonomyApi.js';
import { autonomyStoryData as d } from './fixtureData/autonomyStoryData.js';
import '../client/features/automation/automation.css';

const edit: AutonomyEdit = { setLevel: async () => undefined, setBrake: async () => undefined, setBlocklist: async () => undefined };
const emptyWeek = {
  ...d.overview,
  mix: { ...d.overview.mix, observe: { tickets: 0 }, suggest: { proposed: 0, approved: 0, rejected: 0, expired: 0, pending: 0 }, auto: { actions: 0, resolved: 0, escalated: 0 }, refusedByGuard: 0, approvalRate: null },
  ledger: { ...d.overview.ledger, rows: [], totals: { tickets: 0, trueTickets: 0, falseTickets: 0, unjudged: 0, revenueProtectedFen: 0, creditsAvoidedFen: 0, falseCostFen: 0 } },
};

const meta: Meta<typeof AutonomyPanel> = {
  title: 'Automation/AutonomyPanel',
  component: AutonomyPanel,
  args: { overview: d.overview, error: null, edit: null },
};
export default meta;
type Story = StoryObj<typeof AutonomyPanel>;

export const ReadOnly: Story = {};
export const AutomationAdmin: Story = { args: { edit } };
export const Braked: Story = { args: { overview: d.brakedOverview, edit } };
export const BrokenPolicyFile: Story = { args: { overview: { ...d.overview, settings: d.brokenPolicySettings }, edit } };
export const EmptyWeek: Story = { args: { overview: emptyWeek, edit } };
export const Loading: Story = { args: { overview: null } };
export const LoadFailed: Story = { args: { overview: null, error: 'automation is off (OPSDECK_AUTOMATION=off)' } };
/** A refresh failed after a good load: the last overview stays, with the error above it. */
export const RefreshFailed: Story = { args: { error: 'Failed to fetch' } };
