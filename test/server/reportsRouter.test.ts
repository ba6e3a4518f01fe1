// The report archive over tRPC and HTTP on a real runtime: listing newest first and by scope, runNow audited,
// definition problems exposed, and the archived PDF served only to users who may see its run.
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { appRouter } from '../../server/trpc/appRouter.js';
import { t } from '../../server/trpc/trpc.js';
import { ReportScheduler } from '../../server/reports/reportScheduler.js';
import type { ArchivedRun } from '../../server/reports/reportArchive.js';
import { startRouterContext, type RouterContext } from './routerContext.js';

const EAST = { regions: ['East'], provinces: [] };
const createCaller = t.createCallerFactory(appRouter);
const pdfOf = (s: string) => new TextEncoder().encode(`%PDF-1.7 ${s}`);

describe('reports router and archive route', () => {
  let rc: RouterContext;
  let app: FastifyInstance;
  let scheduled: ArchivedRun;
  let scoped: ArchivedRun;

  beforeAll(async () => {
    rc = await startRouterContext();
    const archive = rc.ctx.rt.reports.archive;
    scheduled = (await archive.create({ definitionId: 'weekly-exec', periodLabel: '2026-W47', trigger: 'schedule', scope: null, requestedBy: 'schedule', targets: [], atMs: 1000 }))!;
    await archive.storePdf(scheduled.runId, pdfOf('all regions'), { state: 'done', finishedAtMs: 1500 });
    scoped = (await archive.create({ definitionId: 'monthly-exec', periodLabel: '2026-10', trigger: 'manual', scope: EAST, requestedBy: 'east-exec', targets: [], atMs: 2000 }))!;
    await archive.storePdf(scoped.runId, pdfOf('East'), { state: 'done', finishedAtMs: 2500 });
    ({ app } = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 }));
  }, 120_000);
  afterAll(async () => { await app?.close(); await rc?.close(); });

  it('the shipped definitions load without problems', async () => {
    expect(rc.ctx.rt.reports.definitions.map((d) => d.id).sort()).toEqual(['monthly-exec', 'weekly-exec']);
    expect(await createCaller(rc.as(['exec'])).reports.definitionProblems()).toEqual([]);
  });

  it('lists runs newest first; a scoped user sees only runs computed for exactly their scope', async () => {
    const ids = async (roles: Parameters<RouterContext['as']>[0], scope: typeof EAST | null, input?: { definitionId: string }) =>
      (await createCaller(rc.as(roles, scope)).reports.runs(input)).map((r) => r.runId);
    expect(await ids(['exec'], null)).toEqual([scoped.runId, scheduled.runId]);
    expect(await ids(['exec'], null, { definitionId: 'weekly-exec' })).toEqual([scheduled.runId]);
    expect(await ids(['exec'], EAST)).toEqual([scoped.runId]);
    expect(await ids(['exec'], { regions: ['West'], provinces: [] })).toEqual([]);
    const [row] = await createCaller(rc.as(['exec'])).reports.runs({ definitionId: 'weekly-exec' });
    // The stored scope and requester stay on the server.
    expect(Object.keys(row!).sort()).toEqual(['attempts', 'createdAtMs', 'definitionId', 'deliveries', 'finishedAtMs', 'lastError', 'pdfBytes', 'periodLabel', 'runId', 'state', 'trigger']);
    await expect(createCaller(rc.as(['exec'], EAST)).reports.run({ runId: scheduled.runId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runNow: unavailable without a renderer; with a scheduler it renders in the caller scope and is audited', async () => {
    await expect(createCaller(rc.as(['exec'])).reports.runNow({ definitionId: 'weekly-exec', period: '2026-W47' }))
      .rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    const rt = rc.ctx.rt;
    const rendered: string[] = [];
    const scheduler = new ReportScheduler({
      definitions: rt.reports.definitions, archive: rt.reports.archive, now: () => rt.clock.now(),
      computer: { report: async (def, period, scope) => ({
        definition: { id: def.id, title: def.title, audience: def.audience, source: def.source }, period, previous: period, yearAgo: period,
        generatedAtMs: 0, dataAsOfMs: period.toMs, scope: scope.unrestricted ? 'all regions' : 'scoped', targetsVersion: 't',
        sections: [], narrative: [], coverage: { rawDays: 0, historyDays: 0, missingDays: 7 },
      }) },
      renderer: { renderPdf: async (r) => { rendered.push(`${r.period.label} ${r.scope}`); return pdfOf(r.period.label); } },
      resolveScope: () => rc.as(['exec'], EAST).scope, log: pino({ level: 'silent' }),
    });
    Object.defineProperty(rt.reports, 'scheduler', { value: scheduler, configurable: true });
    try {
      await expect(createCaller(rc.as(['exec'])).reports.runNow({ definitionId: 'nope', period: '2026-W47' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(createCaller(rc.as(['exec'])).reports.runNow({ definitionId: 'weekly-exec', period: '2026-W99' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const run = await createCaller(rc.as(['exec'], EAST)).reports.runNow({ definitionId: 'weekly-exec', period: '2026-W47' });
      expect(run).toMatchObject({ definitionId: 'weekly-exec', periodLabel: '2026-W47', trigger: 'manual', deliveries: [] });
      await scheduler.idle();
      expect(rendered).toEqual(['2026-W47 scoped']);
      expect((await rt.reports.archive.get(run.runId))).toMatchObject({ state: 'done', scope: EAST, requestedBy: 'test-exec' });
      const audit = await rt.identity.audit.list({ action: 'report.run_requested', limit: 10 });
      expect(audit.map((a) => `${a.actor} ${a.target}`)).toEqual(['test-exec report weekly-exec 2026-W47']);
    } finally {
      await scheduler.stop();
      Object.defineProperty(rt.reports, 'scheduler', { value: null, configurable: true });
    }
  });

  it('GET /reports/archive/:runId.pdf serves the PDF to who may see the run', async () => {
    const get = async (url: string, authorization?: string) => app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });
    const exec = await rc.bearer(['exec']);
    const res = await get(`/reports/archive/${scheduled.runId}.pdf`, exec);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="weekly-exec-2026-W47-run${scheduled.runId}.pdf"`);
    expect(res.body).toBe('%PDF-1.7 all regions');

    const east = await rc.bearer(['exec'], EAST);
    expect((await get(`/reports/archive/${scheduled.runId}.pdf`, east)).statusCode).toBe(404);
    expect((await get(`/reports/archive/${scoped.runId}.pdf`, east)).body).toBe('%PDF-1.7 East');
    expect((await get(`/reports/archive/${scheduled.runId}.pdf`, await rc.bearer(['pm']))).statusCode).toBe(403);
    expect((await get(`/reports/archive/${scheduled.runId}.pdf`)).statusCode).toBe(401);
    expect((await get('/reports/archive/999999.pdf', exec)).statusCode).toBe(404);
    expect((await get('/reports/archive/abc.pdf', exec)).statusCode).toBe(404);
  });

  it('errors are typed tRPC codes', async () => {
    await expect(createCaller(rc.as(['pm'])).reports.runs()).rejects.toBeInstanceOf(TRPCError);
  });
});
