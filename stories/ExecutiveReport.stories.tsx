// Stories for the whole executive page (fed by a fake API over the fixture report) and the print layout the PDF is made from.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TRPCClientError } from '@trpc/client';
import type { ExecutiveApi } from '../client/features/executive/executiveApi.js';
import { ExecutiveScreen } from '../client/features/executive/ExecutiveScreen.js';
import { ExecReportView } from '../client/features/executive/ExecReportView.js';
import { PrintReport } from '../client/features/executive/PrintReport.js';
import type { ExecReport } from '../schema/executive.js';
import { emptyReport, execDefinitions, execReport, execRuns, partialReport } from './fixtureData/executiveReport.js';

/** Thursday after 2026-W47: the page opens on the last complete week, W47. */
const NOW_MS = Date.UTC(2026, 10, 26, 9, 30);
const never = <T,>() => new Promise<T>(() => undefined);

function fakeApi(over: Partial<ExecutiveApi> = {}, report: ExecReport = execReport): ExecutiveApi {
  return {
    definitions: async () => execDefinitions,
    definitionProblems: async () => [],
    report: async ({ period }) => ({ ...report, period: { ...report.period, label: period } }),
    runs: async () => execRuns,
    runNow: async ({ definitionId, period }) => ({ ...execRuns[0]!, runId: 16, definitionId, periodLabel: period, trigger: 'manual', state: 'pending', finishedAtMs: null, pdfBytes: null, deliveries: [] }),
    ...over,
  };
}

const meta: Meta<typeof ExecutiveScreen> = {
  title: 'Executive/Page',
  component: ExecutiveScreen,
  parameters: { layout: 'fullscreen' },
  args: { api: fakeApi(), canRun: false, nowMs: NOW_MS },
};
export default meta;
type Story = StoryObj<typeof ExecutiveScreen>;

export const Report: Story = {};
/** A user with `reports.run` also gets "render now" on the archive. */
export const WithRunNow: Story = { args: { canRun: true } };
export const Loading: Story = { args: { api: fakeApi({ report: never }) } };
export const ImpossiblePeriod: Story = {
  args: { api: fakeApi({ report: async () => { throw new TRPCClientError('period "2026-W60": 2026 has ISO weeks 1-53'); } }) },
};
export const NoDataForPeriod: Story = { args: { api: fakeApi({}, emptyReport) } };
/** A report file the server refused: listed with file:line:column so it does not silently go missing. */
export const DefinitionFileProblems: Story = {
  args: { api: fakeApi({ definitionProblems: async () => [{ source: 'reports/monthly-board.yaml', line: 7, column: 9, field: 'sections[0].kpis[2]', definitionId: 'monthly-board', message: 'unknown KPI "arpu_total" (did you mean "arpu"?)' }] }) },
};
export const ArchiveUnavailable: Story = { args: { api: fakeApi({ runs: async () => { throw new Error('archive store is not configured'); } }) } };

/** The report body alone (what the page shows under its controls). */
export const PartialPeriod: StoryObj = { render: () => <div className="page"><ExecReportView report={partialReport} /></div> };

/** The print route: light theme, A4 width, no navigation (the PDF renderer prints exactly this). */
export const Print: StoryObj = { render: () => <PrintReport report={execReport} /> };
