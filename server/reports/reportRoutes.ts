// Rendered executive reports over HTTP: PDF, self-contained HTML and one table as CSV, computed in the
// requesting user's data scope and sent as attachments named after the report and period.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { DomainError, InvalidRequestError, NotFoundError, UnavailableError } from '../../schema/domainErrors.js';
import type { ExecReport, ReportDefinition, ReportPeriod } from '../../schema/executive.js';
import { parsePeriod } from '../../domain/period/reportPeriod.js';
import type { AuthUser } from '../identity/identityService.js';
import type { DataScope } from '../identity/dataScope.js';
import { tableCsv } from './reportCsv.js';
import type { RenderedPdf } from './pdfRenderer.js';

export const REPORT_PATHS = { pdf: '/reports/render.pdf', html: '/reports/render.html', csv: '/reports/table.csv' } as const;

/** What the routes need: definitions by id, the report computation and the renderer (fakes in tests). */
export interface ReportRouteDeps {
  /** The loaded definition with this id, or null. */
  definition(id: string): ReportDefinition | null | Promise<ReportDefinition | null>;
  /** Known definition ids, to say which exist when one does not. */
  definitionIds(): readonly string[] | Promise<readonly string[]>;
  report(def: ReportDefinition, period: ReportPeriod, scope: DataScope): Promise<ExecReport>;
  /** null: this server renders no files (the PDF and HTML routes answer 503). */
  renderer: { renderPdfWithInfo(r: ExecReport): Promise<RenderedPdf>; renderHtml(r: ExecReport): Promise<string> } | null;
  scopeOf(user: AuthUser | null): DataScope;
  /** The data's present (the simulated clock): a period starting after it is refused. */
  now(): number;
}

/** A period that has not begun has no data at all: refused rather than rendered as a report of blanks. */
export function assertPeriodStarted(period: ReportPeriod, nowMs: number): void {
  if (period.fromMs > nowMs) {
    throw new InvalidRequestError(`period ${period.label} has not started yet (the data runs to ${new Date(nowMs).toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
  }
}

const baseQuery = z.object({
  def: z.string().trim().min(1, 'def (a report definition id) is required').max(128),
  period: z.string().trim().min(1, 'period (e.g. 2026-W47) is required').max(64),
});
const csvQuery = baseQuery.extend({ table: z.string().trim().min(1, 'table (a table id of the report) is required').max(64) });

/** 'weekly-exec-2026-W47.pdf'; a custom range '2026-11-01..2026-11-15' becomes '2026-11-01_to_2026-11-15'. */
export function reportFileName(definitionId: string, period: ReportPeriod, ext: string, tableId?: string): string {
  const stem = `${definitionId}-${period.label.replace('..', '_to_')}${tableId ? `-${tableId}` : ''}`;
  return `${stem.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
}

/** A request error answered as JSON with its status; anything else is the error handler's 500. */
class HttpError extends Error { constructor(readonly status: number, message: string) { super(message); } }

function statusOf(e: unknown): number | null {
  if (e instanceof HttpError) return e.status;
  if (e instanceof NotFoundError) return 404;
  if (e instanceof InvalidRequestError || e instanceof RangeError) return 400;
  if (e instanceof UnavailableError) return 503;
  if (e instanceof DomainError) return 400;
  return null;
}

function parseQuery<T>(schema: z.ZodType<T>, raw: unknown): T {
  const q = schema.safeParse(raw);
  if (!q.success) throw new HttpError(400, q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  return q.data;
}

export function registerReportRoutes(app: FastifyInstance, deps: ReportRouteDeps): void {
  /** Finds the definition, parses the period and computes the report in the user's scope. */
  const compute = async (q: z.infer<typeof baseQuery>, user: AuthUser | null) => {
    let period: ReportPeriod;
    try { period = parsePeriod(q.period); } catch (e) { throw new HttpError(400, e instanceof Error ? e.message : String(e)); }
    assertPeriodStarted(period, deps.now());
    const def = await deps.definition(q.def);
    if (!def) {
      const known = await deps.definitionIds();
      throw new HttpError(404, `unknown report definition '${q.def}' (known: ${known.join(', ') || 'none'})`);
    }
    return { report: await deps.report(def, period, deps.scopeOf(user)), def, period };
  };
  const fail = (reply: FastifyReply, e: unknown) => {
    const status = statusOf(e);
    if (status === null) throw e;
    return reply.code(status).header('cache-control', 'no-store').send({ error: e instanceof Error ? e.message : String(e) });
  };
  const renderer = () => {
    if (!deps.renderer) throw new UnavailableError('this server renders no report files (no PDF renderer configured)');
    return deps.renderer;
  };
  const attachment = (reply: FastifyReply, type: string, name: string) => reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'private, no-store');

  app.get(REPORT_PATHS.pdf, { config: { permission: 'reports.read' } }, async (req, reply) => {
    try {
      const t0 = performance.now();
      const { report, def, period } = await compute(parseQuery(baseQuery, req.query), req.user);
      const computeMs = performance.now() - t0;
      const pdf = await renderer().renderPdfWithInfo(report);
      const dur = (ms: number) => ms.toFixed(1);
      return attachment(reply, 'application/pdf', reportFileName(def.id, period, 'pdf'))
        .header('x-report-pages', String(pdf.pages))
        // Where the time went (browsers' dev tools and the bench read it): figures, queue, print route, page.pdf.
        .header('server-timing', `compute;dur=${dur(computeMs)}, queue;dur=${dur(pdf.queuedMs)}, load;dur=${dur(pdf.loadMs)}, pdf;dur=${dur(pdf.pdfMs)}`).send(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength));
    } catch (e) { return fail(reply, e); }
  });

  app.get(REPORT_PATHS.html, { config: { permission: 'reports.read' } }, async (req, reply) => {
    try {
      const { report, def, period } = await compute(parseQuery(baseQuery, req.query), req.user);
      const html = await renderer().renderHtml(report);
      return attachment(reply, 'text/html; charset=utf-8', reportFileName(def.id, period, 'html')).send(html);
    } catch (e) { return fail(reply, e); }
  });

  app.get(REPORT_PATHS.csv, { config: { permission: 'reports.read' } }, async (req, reply) => {
    try {
      const q = parseQuery(csvQuery, req.query);
      const { report, def, period } = await compute(q, req.user);
      const table = q.table;
      const csv = tableCsv(report, table);
      return attachment(reply, 'text/csv; charset=utf-8', reportFileName(def.id, period, 'csv', table)).send(csv);
    } catch (e) { return fail(reply, e); }
  });
}
