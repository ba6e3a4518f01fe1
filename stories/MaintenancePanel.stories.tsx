// Stories for the maintenance windows panel: loading, empty, a list (in force, coming, one-off, disabled fleet-wide),
// read-only, refused, and the form showing the server's per-field problems.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { MaintenancePanel, NEW_DRAFT } from '../client/features/automation/MaintenancePanel.js';
import { maintenanceNowMs, maintenanceStoryList } from './fixtureData/maintenanceStoryData.js';
import '../client/features/automation/automation.css';

const done = async () => undefined;
const meta: Meta<typeof MaintenancePanel> = {
  title: 'Automation/MaintenancePanel',
  component: MaintenancePanel,
  decorators: [(S) => <div className="automation"><S /></div>],
  args: {
    list: maintenanceStoryList, operatorZone: 'Asia/Shanghai',
    edit: { onSave: async (input) => ({ ok: true, window: { ...maintenanceStoryList.windows[0]!.window, ...input, id: 'new', durationMinutes: input.durationMinutes ?? 60 } }), onRemove: done, onToggle: done },
  },
};
export default meta;
type Story = StoryObj<typeof MaintenancePanel>;

export const List: Story = {};
export const Loading: Story = { args: { list: null } };
export const Empty: Story = { args: { list: { nowMs: maintenanceNowMs, horizonMs: 7 * 86_400_000, windows: [] } } };
export const ReadOnly: Story = { args: { edit: null } };
export const Refused: Story = { args: { list: null, error: 'Listing maintenance windows is not allowed for your role (needs tickets.read).' } };
export const OperatorInBerlin: Story = { args: { operatorZone: 'Europe/Berlin' } };
export const NewWindowWithProblems: Story = {
  args: {
    initialDraft: { ...NEW_DRAFT, name: 'Henan power works', cron: '0 25 * * SAT', durationMinutes: '20000', timeZone: 'Asia/Beijing', matchers: { ...NEW_DRAFT.matchers, province: 'Henan', runbook: 'reboot' } },
    initialProblems: [
      { field: 'timeZone', message: 'unknown time zone "Asia/Beijing" (an IANA name such as Asia/Shanghai or Europe/Berlin)' },
      { field: 'cron', message: 'hour at column 3: 25 is outside 0-23' },
      { field: 'durationMinutes', message: 'must be between 1 minute and 7 days (10080 minutes), got 20000' },
      { field: 'matchers.runbook', message: 'unknown runbook "reboot"' },
    ],
  },
};
