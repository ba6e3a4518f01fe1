// The runtime's reports: definitions loaded from reports/*.yaml (problems logged and kept for the UI), the run
// archive, and the scheduler, started once the report computer (the executive service, built from these
// definitions) exists and a PDF renderer is configured.
import type { FastifyBaseLogger } from 'fastify';
import type { Scope } from '../../schema/access.js';
import type { ReportDefinition } from '../../schema/executive.js';
import type { SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { formatReportProblem, loadReportDefinitions, type ReportProblem } from '../../pipelines/reports/reportDefinition.js';
import type { DataScope } from '../identity/dataScope.js';
import type { ReportRenderer } from './pdfRenderer.js';
import { ReportArchive } from './reportArchive.js';
import { ReportScheduler, type ReportComputer } from './reportScheduler.js';

export interface ReportsOptions {
  dir: string;
  archiveDir: string;
  webhookAllowlist: readonly string[];
  webhookSecret?: string | null;
  db: SqlDriver;
  now: () => number;
  resolveScope: (scope: Scope | null) => DataScope;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** Null: no scheduled rendering (definitions and the archive still load). Its owner closes it. */
  renderer: ReportRenderer | null;
  tickMs?: number;
}

export class ReportsService {
  private scheduler_: ReportScheduler | null = null;
  private readonly byId: ReadonlyMap<string, ReportDefinition>;

  private constructor(
    private readonly o: ReportsOptions,
    readonly definitions: readonly ReportDefinition[],
    /** Problems of the report files (each file:line:column); files with problems are not loaded. */
    readonly problems: readonly ReportProblem[],
    readonly archive: ReportArchive,
  ) {
    this.byId = new Map(definitions.map((d) => [d.id, d]));
  }

  static async open(o: ReportsOptions): Promise<ReportsService> {
    const { definitions, problems } = await loadReportDefinitions(o.dir, { webhookAllowlist: o.webhookAllowlist });
    for (const p of problems) o.log.warn({ source: p.source, line: p.line, column: p.column, field: p.field }, `report definition problem: ${formatReportProblem(p)}`);
    o.log.info({ dir: o.dir, definitions: definitions.map((d) => d.id), problems: problems.length }, 'report definitions loaded');
    const archive = new ReportArchive(o.db, o.archiveDir);
    await archive.init();
    return new ReportsService(o, definitions, problems, archive);
  }

  definition(id: string): ReportDefinition | null { return this.byId.get(id) ?? null; }

  /** Null until started, and always without a renderer (on-demand runs then answer "unavailable"). */
  get scheduler(): ReportScheduler | null { return this.scheduler_; }

  /** Starts scheduled rendering with the report computer (scheduled runs use the unrestricted scope). */
  async startScheduler(computer: ReportComputer): Promise<void> {
    if (this.scheduler_ || !this.o.renderer) return;
    this.scheduler_ = new ReportScheduler({
      definitions: this.definitions, archive: this.archive, computer, renderer: this.o.renderer,
      now: this.o.now, resolveScope: this.o.resolveScope, log: this.o.log, webhookSecret: this.o.webhookSecret ?? null,
    });
    await this.scheduler_.start(this.o.tickMs);
  }

  async close(): Promise<void> { await this.scheduler_?.stop(); }
}
