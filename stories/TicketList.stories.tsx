// Stories for the tickets table, fed from the seed-41 closed-loop fixtures: loading (never "no tickets" before the
// answer), empty, a failed load, a stale list after a failed refresh, the plain loop, tickets under autonomy policies
// (money at risk with its time base, suggestions awaiting approval, levels, verdicts), a long title and a ticket open.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { userEvent, within } from 'storybook/test';
import { TicketList, type TicketListData } from '../client/features/automation/TicketList.js';
import type { Ticket } from '../schema/automation.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';
import { failed, loading, ready, stale } from './fixtureData/automationStoryStates.js';
import { autonomyStoryData as a, withAutonomyDefaults } from './fixtureData/autonomyStoryData.js';

const tickets = d.tickets.map(withAutonomyDefaults);
const byMoney = [...a.tickets].sort((x, y) => (y.money?.revenueAtRiskFenPerHour ?? -1) - (x.money?.revenueAtRiskFenPerHour ?? -1) || y.openedAtMs - x.openedAtMs);
const list = (ts: readonly Ticket[], nowMs = d.nowMs, counts = d.counts): TicketListData => ({ tickets: ts, counts, nowMs });
const noFilters = { states: [], severities: [], siteId: null };

const meta: Meta<typeof TicketList> = {
  title: 'Automation/TicketList',
  component: TicketList,
  // The page's class: the filter chips are styled under it.
  decorators: [(S) => <main className="automation"><S /></main>],
  args: {
    state: ready(list(tickets), d.nowMs), filters: noFilters, selectedId: null,
    sort: 'time', onSort: () => undefined, onFilters: () => undefined, onSelect: () => undefined, onRetry: () => undefined, hrefOf: (id) => `#/automation?ticket=${id}`,
  },
};
export default meta;
type Story = StoryObj<typeof TicketList>;

export const AllTickets: Story = {};
export const Loading: Story = { args: { state: loading } };
export const LoadFailed: Story = { args: { state: failed('Failed to fetch') } };
/** The last list stays, marked stale with its time, while refreshes fail. */
export const Stale: Story = { args: { state: stale(list(tickets), d.nowMs, 'the server did not answer (502)') } };
export const EmptyWithFilters: Story = { args: { state: ready(list([]), d.nowMs), filters: { states: ['open'], severities: [], siteId: 7 } } };
export const EmptyNoTickets: Story = { args: { state: ready(list([], d.nowMs, { open: 0, acting: 0, verifying: 0, resolved: 0, escalated: 0 }), d.nowMs) } };
export const EscalatedOnly: Story = { args: { state: ready(list(tickets.filter((t) => t.state === 'escalated')), d.nowMs), filters: { states: ['escalated'], severities: [], siteId: null } } };
/** Sorted by money at risk: approved, rejected, refused by a guard, held by maintenance, observed only. */
export const MoneyAtRisk: Story = { args: { state: ready(list(byMoney, a.nowMs, a.counts), a.nowMs), sort: 'money' } };
export const AwaitingApproval: Story = { args: { state: ready(list(a.pendingTickets, a.pending.ticket.openedAtMs + 60_000), a.pending.ticket.openedAtMs + 60_000) } };
/** A ticket open (highlighted row): the columns keep their widths; a long title is cut with its full text on hover. */
export const TicketOpenLongTitle: Story = {
  args: {
    state: ready(list(byMoney.map((t, i) => (i === 1 ? { ...t, title: `${t.title} — and a much longer explanation the server added about the transport node and its neighbours` } : t)), a.nowMs, a.counts), a.nowMs),
    selectedId: byMoney[1]?.ticketId ?? null,
  },
};
/** An invalid site filter is refused with a message; the list keeps its last valid filter. */
export const InvalidSiteFilter: Story = {
  play: async ({ canvasElement }) => { await userEvent.type(within(canvasElement).getByTestId('site-filter'), '4x'); },
};
