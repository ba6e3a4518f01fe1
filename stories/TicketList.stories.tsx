// Stories for the tickets table, fed from the seed-41 closed-loop fixtures: the plain loop, and tickets under autonomy
// policies (money at risk, suggestions awaiting approval, levels, verdicts).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TicketList } from '../client/features/automation/TicketList.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';
import { autonomyStoryData as a, withAutonomyDefaults } from './fixtureData/autonomyStoryData.js';
import '../client/features/automation/automation.css';

const tickets = d.tickets.map(withAutonomyDefaults);
const byMoney = [...a.tickets].sort((x, y) => (y.money?.revenueAtRiskFenPerHour ?? -1) - (x.money?.revenueAtRiskFenPerHour ?? -1) || y.openedAtMs - x.openedAtMs);

const meta: Meta<typeof TicketList> = {
  title: 'Automation/TicketList',
  component: TicketList,
  // The page's class: the filter chips are styled under it.
  decorators: [(S) => <main className="automation"><S /></main>],
  args: {
    tickets, counts: d.counts, nowMs: d.nowMs, filters: { states: [], severities: [], siteId: null }, selectedId: tickets[0]?.ticketId ?? null,
    sort: 'time', onSort: () => undefined, onFilters: () => undefined, onSelect: () => undefined,
  },
};
export default meta;
type Story = StoryObj<typeof TicketList>;

export const AllTickets: Story = {};
export const EscalatedOnly: Story = { args: { tickets: tickets.filter((t) => t.state === 'escalated'), filters: { states: ['escalated'], severities: [], siteId: null } } };
export const Empty: Story = { args: { tickets: [], filters: { states: ['open'], severities: [], siteId: 7 } } };
/** Sorted by money at risk: approved, rejected, refused by a guard, held by maintenance, observed only. */
export const MoneyAtRisk: Story = { args: { tickets: byMoney, counts: a.counts, nowMs: a.nowMs, sort: 'money', selectedId: null } };
export const AwaitingApproval: Story = { args: { tickets: a.pendingTickets, nowMs: a.pending.ticket.openedAtMs + 60_000, selectedId: null } };
