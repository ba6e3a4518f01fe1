// Stories for the whole executive page (fed by a fake API over the fixture report) in its loading, empty, error and stale
// states, and the print layout the PDF is made from (always light and English, as the PDF renderer sees it).
import type { Meta, StoryObj } from '@storybook/react-vite';
import { TRPCClientError } from '@trpc/client';
import type { ExecutiveApi } from '../client/features/executive/executiveApi.js';
import { ExecutiveScreen } from '../client/features/executive/ExecutiveScreen.js';
import { ExecReportView } from '../client/features/executive/ExecReportView.js';
import { PrintReport } from '../client/features/executive/PrintReport.js';
import { ReportStatus } from '../client/features/executive/ReportStatus.js';
import { RunArchivePanel } from '../client/features/executive/RunArchivePanel.js';
import { I18nProvider } from '../client/i18n/I18nProvider.js';
import { ThemeProvider } from '../client/ui/ThemeProvider.js';
import type { ExecReport } from '../schema/executive.js';
import { emptyReport, execDefinitions, execReport, execRuns, partialReport } from './fixtureData/executiveReport.js';
import { failed, loading, never, ready, stale } from './fixtureData/storyStates.js';

/** Thursday after 2026-W47: the page opens on the last complete week, W47. */
const NOW_MS = Date.UTC(2026, 10, 26, 9, 30);

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
/** Definitions known, report still computing: a loading line, no figures (never the previous period's). */
export const Loading: Story = { args: { api: fakeApi({ report: never }) } };
/** Report definitions still loading. */
export const LoadingDefinitions: Story = { args: { api: fakeApi({ definitions: never }) } };
export const DefinitionsUnavailable: Story = { args: { api: fakeApi({ definitions: async () => { throw new Error('the server did not answer (HTTP 503)'); } }) } };
/** Empty: no report defined on this server. */
export const NoDefinitions: Story = { args: { api: fakeApi({ definitions: async () => [] }) } };
/** Error with retry: the server refuses the period. */
export const ImpossiblePeriod: Story = {
  args: { api: fakeApi({ report: async () => { throw new TRPCClientError('period "2026-W60": 2026 has ISO weeks 1-53'); } }) },
};
export const NoDataForPeriod: Story = { args: { api: fakeApi({}, emptyReport) } };
/** A report file the server refused: listed with file:line:column so it does not silently go missing. */
export const DefinitionFileProblems: Story = {
  args: { api: fakeApi({ definitionProblems: async () => [{ source: 'reports/monthly-board.yaml', line: 7, column: 9, field: 'sections[0].kpis[2]', definitionId: 'monthly-board', message: 'unknown KPI "arpu_total" (did you mean "arpu"?)' }] }) },
};
export const ArchiveUnavailable: Story = { args: { api: fakeApi({ runs: async () => { throw new Error('archive store is not configured'); } }) } };

/** Stale: the last refresh of a running period failed; its figures stay, marked with their time and the reason. */
export const StaleReport: StoryObj = {
  render: () => (
    <main className="page executive">
      <ReportStatus result={{ state: stale(partialReport, 'Reading this report failed: the server did not answer (HTTP 503)'), refreshing: false, reload: () => undefined }} periodName="2026-W47">
        {(r) => <ExecReportView report={r} />}
      </ReportStatus>
    </main>
  ),
};
/** Refreshing a running period: the figures shown are the last ones, and the page says a refresh is on its way. */
export const Refreshing: StoryObj = {
  render: () => (
    <main className="page executive">
      <ReportStatus result={{ state: ready(partialReport), refreshing: true, reload: () => undefined }} periodName="2026-W47">
        {(r) => <ExecReportView report={r} />}
      </ReportStatus>
    </main>
  ),
};
/** The archive panel in its states. */
export const ArchiveStates: StoryObj = {
  render: () => (
    <main className="page executive">
      <RunArchivePanel runs={loading} />
      <RunArchivePanel runs={ready([])} />
      <RunArchivePanel runs={failed('archive store is not configured')} onRetry={() => undefined} />
      <RunArchivePanel runs={stale(execRuns)} />
    </main>
  ),
};

/** The report body alone (what the page shows under its controls). */
export const PartialPeriod: StoryObj = { render: () => <div className="page executive"><ExecReportView report={partialReport} /></div> };

/** The print route: light theme, English, UTC, A4 width, no navigation (the PDF renderer prints exactly this). */
export const Print: StoryObj = {
  render: () => (
    <I18nProvider locale="en" timeZone="UTC" remember={false}>
      <ThemeProvider theme="light" remember={false}><PrintReport report={execReport} /></ThemeProvider>
    </I18nProvider>
  ),
};
