// Stories for the ledger per rule and runbook: the fixture's week (true, false and unjudged tickets) and an empty week.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { LedgerTable } from '../client/features/automation/LedgerTable.js';
import { autonomyStoryData as d } from './fixtureData/autonomyStoryData.js';
import '../client/features/automation/autonomy.css';

const meta: Meta<typeof LedgerTable> = {
  title: 'Automation/LedgerTable',
  component: LedgerTable,
  decorators: [(S) => <div className="panel"><S /></div>],
  args: { ledger: d.overview.ledger },
};
export default meta;
type Story = StoryObj<typeof LedgerTable>;

export const Week: Story = {};
export const Empty: Story = {
  args: { ledger: { ...d.overview.ledger, rows: [], totals: { tickets: 0, trueTickets: 0, falseTickets: 0, unjudged: 0, revenueProtectedFen: 0, creditsAvoidedFen: 0, falseCostFen: 0 } } },
};
