// `GET /reports/archive/<runId>.pdf`: an archived report's PDF, to users who may see the run (see runAccess.ts).
import type { FastifyInstance } from 'fastify';
import type { AuthUser } from '../identity/identityService.js';
import type { DataScope } from '../identity/dataScope.js';
import type { ReportArchive } from './reportArchive.js';
import { runVisibleTo } from './runAccess.js';

export const REPORT_ARCHIVE_PATH = '/reports/archive';

export function registerReportArchiveRoute(app: FastifyInstance, archive: ReportArchive, scopeOf: (u: AuthUser | null) => DataScope): void {
  // One parameter checked in the handler (not a route regex), so the auth layer answers every shape of the path first.
  app.get<{ Params: { file: string } }>(`${REPORT_ARCHIVE_PATH}/:file`, { config: { permission: 'reports.read' } }, async (req, reply) => {
    const m = /^(\d{1,15})\.pdf$/.exec(req.params.file);
    if (!m) return reply.code(404).send({ error: `not found: ${REPORT_ARCHIVE_PATH}/<run id>.pdf` });
    const runId = Number(m[1]);
    const run = await archive.get(runId);
    // A run the user may not see answers like a missing one (its existence is not disclosed).
    if (!run || !runVisibleTo(run, scopeOf(req.user))) return reply.code(404).send({ error: `no archived report ${runId}` });
    const pdf = await archive.pdf(runId);
    if (!pdf) return reply.code(404).send({ error: `report run ${runId} has no PDF (state: ${run.state})` });
    const name = `${run.definitionId}-${run.periodLabel.replace('..', '_to_')}-run${runId}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });
}
