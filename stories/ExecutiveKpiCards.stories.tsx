// Stories for the executive report's KPI card and section in every state: on target, missed (amber, red), no data, pending
// (no source yet), no target; switch the toolbar to 中文 / light to see them in Chinese or the light theme.
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { KpiCard } from '../client/features/executive/KpiCard.js';
import { ReportSectionView } from '../client/features/executive/ReportSectionView.js';
import { ReportTableView } from '../client/features/executive/ReportTableView.js';
import { execReport, emptyReport, kpiFixture } from './fixtureData/executiveReport.js';
import '../client/features/executive/executive.css';

const { previous, yearAgo, coverage } = execReport;
const cards = Object.fromEntries(execReport.sections.flatMap((s) => s.kpis).map((k) => [k.id, k]));
const card = (id: string) => {
  const k = cards[id];
  if (!k) throw new Error(`fixture has no KPI ${id}`);
  return k;
};

const meta: Meta<typeof KpiCard> = {
  title: 'Executive/KpiCard',
  component: KpiCard,
  args: { previous, yearAgo, coverage },
  // .executive gives the on-screen status colours (the print route has its own).
  decorators: [(S) => <div className="executive"><div className="exec-report" style={{ width: 260 }}><S /></div></div>],
};
export default meta;
type Story = StoryObj<typeof KpiCard>;

/** Green: revenue above its target, up on both comparisons. */
export const OnTarget: Story = { args: { kpi: card('revenue_total') } };
/** Amber: site-hours just under the 99.5 % objective (two decimals shown near the objective). */
export const MissedAmber: Story = { args: { kpi: card('site_hours_met') } };
/** Red: SLA credits far over budget; "up" is bad for this KPI, so the rise shows red. */
export const MissedRed: Story = { args: { kpi: card('sla_credits') } };
/** Red for a "lower is better" duration. */
export const MissedRedMinutes: Story = { args: { kpi: card('mttr') } };
/** No figure for the period: "no data", never 0; the target cannot be judged; the sparkline has gaps. */
export const NoData: Story = { args: { kpi: card('revenue_at_risk') } };
/** Revenue before the server has rated the lake: "pending" (no source yet), not ¥0.00 and not "no data". */
export const PendingSource: Story = { args: { kpi: kpiFixture('revenue_total', { value: null, previous: null, yearAgo: null, target: { value: 26_000_000, amberWithin: 0.05 }, source: 'none', gaps: [...Array(13).keys()] }) } };
/** No data at all, in any period. */
export const NoDataAnywhere: Story = { args: { kpi: kpiFixture('escalations', { value: null, previous: null, yearAgo: null, gaps: [...Array(13).keys()] }) } };
/** No target configured, no year-ago data yet. */
export const NoTarget: Story = { args: { kpi: card('tokens_consumed') } };
/** Flat change (under 0.05 %): neither arrow colour. */
export const Flat: Story = { args: { kpi: card('auto_healed') } };
/** Only the comparison with the previous period (compare=previous in the URL). */
export const PreviousOnly: Story = { args: { kpi: card('revenue_total'), compare: 'previous' } };
/** Figures from the daily history (the period is past raw retention). */
export const FromHistory: Story = { args: { kpi: kpiFixture('revenue_total', { value: 48_112_900, previous: 47_001_220, yearAgo: 39_000_000, target: { value: 52_000_000, amberWithin: 0.05 }, source: 'history' }) } };

const sectionMeta = { previous, yearAgo, coverage, csvUrl: (t: string) => `/reports/table.csv?def=weekly-exec&period=2026-W47&table=${t}` };
const inPage = (node: ReactNode) => <div className="executive"><div className="exec-report">{node}</div></div>;

export const RevenueSection: StoryObj = { render: () => inPage(<ReportSectionView section={execReport.sections[0]!} {...sectionMeta} />) };
export const ExperienceSection: StoryObj = { render: () => inPage(<ReportSectionView section={execReport.sections[1]!} {...sectionMeta} />) };
export const AutonomySection: StoryObj = { render: () => inPage(<ReportSectionView section={execReport.sections[2]!} {...sectionMeta} />) };
/** A section of a period without any data (empty state: "no data" everywhere, no rows). */
export const SectionNoData: StoryObj = { render: () => inPage(<ReportSectionView section={emptyReport.sections[0]!} {...sectionMeta} coverage={emptyReport.coverage} />) };
/** A table with a missing ARPU (no paying government accounts): "no data", not ¥0.00. */
export const TableWithMissingCell: StoryObj = { render: () => inPage(<ReportTableView table={execReport.sections[0]!.tables[1]!} csvUrl="#" />) };
