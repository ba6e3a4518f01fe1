// Stories for the maintenance windows panel: loading, empty, a failed load, stale, a list (in force, coming, one-off,
// disabled fleet-wide), read-only, an operator in another zone, and the form with its own and the server's problems.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { MaintenancePanel, NEW_DRAFT } from '../client/features/automation/MaintenancePanel.js';
import { I18nProvider } from '../client/i18n/I18nProvider.js';
import { failed, loading, ready, stale } from './fixtureData/automationStoryStates.js';
import { maintenanceNowMs, maintenanceStoryList } from './fixtureData/maintenanceStoryData.js';

const done = async () => undefined;
const meta: Meta<typeof MaintenancePanel> = {
  title: 'Automation/MaintenancePanel',
  component: MaintenancePanel,
  decorators: [(S) => <main className="automation"><S /></main>],
  args: {
    state: ready(maintenanceStoryList, maintenanceNowMs), onRetry: () => undefined,
    edit: { onSave: async (input) => ({ ok: true, window: { ...maintenanceStoryList.windows[0]!.window, ...input, id: 'new', durationMinutes: input.durationMinutes ?? 60 } }), onRemove: done, onToggle: done },
  },
};
export default meta;
type Story = StoryObj<typeof MaintenancePanel>;

export const List: Story = {};
export const Loading: Story = { args: { state: loading } };
export const Empty: Story = { args: { state: ready({ nowMs: maintenanceNowMs, horizonMs: 7 * 86_400_000, windows: [] }, maintenanceNowMs) } };
export const ReadOnly: Story = { args: { edit: null } };
export const Refused: Story = { args: { state: failed('Listing maintenance windows is not allowed for your role (needs tickets.read).') } };
export const Stale: Story = { args: { state: stale(maintenanceStoryList, maintenanceNowMs) } };
/** The same windows for an operator whose preferences say Berlin: times in Berlin, each cron window's own zone beside. */
export const OperatorInBerlin: Story = {
  decorators: [(S, ctx) => <I18nProvider locale={ctx.globals.locale} timeZone="Europe/Berlin" remember={false}><S /></I18nProvider>],
};
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
/** A one-off window that ends before it starts: refused in the form, never sent. */
export const ReversedOneOff: Story = {
  args: {
    initialDraft: { ...NEW_DRAFT, name: 'Fibre splice node 7', kind: 'once', startsLocal: '2026-01-16T06:00', endsLocal: '2026-01-16T02:00', matchers: { ...NEW_DRAFT.matchers, transport_node_id: '7' } },
  },
  play: async ({ canvasElement }) => { canvasElement.querySelector<HTMLButtonElement>('[data-testid="mw-save"]')?.click(); },
};
