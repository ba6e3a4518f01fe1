// The executive report's server calls (tRPC `executive.*`) and file URLs (PDF, HTML, CSV, archive), behind one small interface.
import type { Permission } from '../../../schema/access.js';
import { PERMISSIONS } from '../../../schema/access.js';
import type { ExecReport, ReportDefinition, ReportRunInfo } from '../../../schema/executive.js';
import type { OpsDeckClient, ServerOutputs } from '../../api/trpcClient.js';

export interface ReportRequest { definitionId: string; period: string }

/** A problem of a report definition file (file:line:column); that file is not loaded until fixed. */
export type DefinitionProblem = ServerOutputs['reports']['definitionProblems'][number];

/** What the executive page needs of the server; stories and tests pass a fake. */
export interface ExecutiveApi {
  definitions(): Promise<ReportDefinition[]>;
  definitionProblems(): Promise<readonly DefinitionProblem[]>;
  report(input: ReportRequest): Promise<ExecReport>;
  runs(input: { definitionId?: string }): Promise<ReportRunInfo[]>;
  runNow(input: ReportRequest): Promise<ReportRunInfo>;
}

/** The `executive` procedures as the contract describes them (schema/executive.ts), in the tRPC client's call shape. */
interface ExecutiveProcedures {
  definitions: { query(): Promise<ReportDefinition[]> };
  report: { query(input: ReportRequest): Promise<ExecReport> };
}

// Once the server router composes `executive`, this pins its outputs to the contract; until then it checks nothing.
type ServerExecutive = ServerOutputs extends { executive: infer E } ? E : null;
type ContractOutputs = { definitions: ReportDefinition[]; report: ExecReport };
type OutputsMatch = ServerExecutive extends null ? true : ServerExecutive extends ContractOutputs ? true : false;
const outputsMatchContract: OutputsMatch = true;
void outputsMatchContract;

/**
 * The report (`executive.*`, typed through the contract while that router is being written; the check above fails the
 * typecheck if its outputs drift) and the archive (`reports.*`, typed by the router).
 */
export function executiveApiOf(trpc: OpsDeckClient): ExecutiveApi {
  const exec = (trpc as unknown as { executive: ExecutiveProcedures }).executive;
  return {
    definitions: () => exec.definitions.query(),
    definitionProblems: () => trpc.reports.definitionProblems.query(),
    report: (input) => exec.report.query(input),
    runs: async (input): Promise<ReportRunInfo[]> => trpc.reports.runs.query(input),
    runNow: async (input): Promise<ReportRunInfo> => trpc.reports.runNow.mutate(input),
  };
}

/** `reports.run` may not be declared yet; the run button shows only once it is and the user holds it. */
export function mayRunReports(can: (p: Permission) => boolean): boolean {
  const run = 'reports.run';
  return (PERMISSIONS as readonly string[]).includes(run) && can(run as Permission);
}

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Rendered report files served by the server (cookie auth works for plain links). */
export function reportFileUrl(format: 'pdf' | 'html', r: ReportRequest): string {
  return `/reports/render.${format}?${q({ def: r.definitionId, period: r.period })}`;
}

export function tableCsvUrl(r: ReportRequest, tableId: string): string {
  return `/reports/table.csv?${q({ def: r.definitionId, period: r.period, table: tableId })}`;
}

export function archivedPdfUrl(runId: number): string {
  return `/reports/archive/${encodeURIComponent(String(runId))}.pdf`;
}
