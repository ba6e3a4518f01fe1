// Stories for the tickets table, fed from the seed-41 closed-loop fixture.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TicketList } from '../client/features/automation/TicketList.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';

const meta: Meta<typeof TicketList> = {
  title: 'Automation/TicketList',
  component: TicketList,
  args: { tickets: d.tickets, counts: d.counts, nowMs: d.nowMs, filters: { states: [], severities: [], siteId: null }, selectedId: d.tickets[0]?.ticketId ?? null, onFilters: () => undefined, onSelect: () => undefined },
};
export default meta;
type Story = StoryObj<typeof TicketList>;

export const AllTickets: Story = {};
export const EscalatedOnly: Story = { args: { tickets: d.tickets.filter((t) => t.state === 'escalated'), filters: { states: ['escalated'], severities: [], siteId: null } } };
export const Empty: Story = { args: { tickets: [], filters: { states: ['open'], severities: [], siteId: 7 } } };
