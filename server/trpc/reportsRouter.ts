// tRPC procedures of the report archive: the runs a user may see, an on-demand rendering, and the problems of the
// report definition files (the executive router owns the report itself and the definition list).
import { z } from 'zod';
import { NotFoundError, UnavailableError } from '../../schema/domainErrors.js';
import { runInfo, runVisibleTo } from '../reports/runAccess.js';
import { allow, actorOf, recordAudit, t, type TrpcContext } from './trpc.js';

const idSchema = z.string().trim().min(1).max(128);

function schedulerOf(ctx: TrpcContext) {
  const s = ctx.rt.reports.scheduler;
  if (!s) throw new UnavailableError('report rendering is not available on this server (no renderer or report service)');
  return s;
}

export const reportsRouter = t.router({
  /** Archived runs, newest first, optionally of one definition. */
  runs: allow('reports.read')
    .input(z.object({ definitionId: idSchema.optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict().default({ limit: 100 }))
    .query(async ({ ctx, input }) => {
      // Filtered after the query: scoped users are few and their own runs recent, so over-fetching stays small.
      const runs = await ctx.rt.reports.archive.list({ definitionId: input.definitionId, limit: ctx.scope.unrestricted ? input.limit : input.limit * 10 });
      return runs.filter((r) => runVisibleTo(r, ctx.scope)).slice(0, input.limit).map(runInfo);
    }),

  /** Renders a report now in the caller's scope and archives it (not delivered to webhooks). */
  runNow: allow('reports.run')
    .input(z.object({ definitionId: idSchema, period: z.string().trim().min(1).max(64) }).strict())
    .mutation(async ({ ctx, input }) => {
      const run = await schedulerOf(ctx).runNow(input.definitionId, input.period, ctx.scope, actorOf(ctx).username);
      await recordAudit(ctx, 'report.run_requested', `report ${input.definitionId} ${run.periodLabel}`, null, { runId: run.runId, scope: run.scope });
      return runInfo(run);
    }),

  /** One run (for polling after runNow). */
  run: allow('reports.read').input(z.object({ runId: z.number().int().positive() }).strict()).query(async ({ ctx, input }) => {
    const run = await ctx.rt.reports.archive.get(input.runId);
    if (!run || !runVisibleTo(run, ctx.scope)) throw new NotFoundError(`no report run ${input.runId}`);
    return runInfo(run);
  }),

  /** What is wrong with the report files (file:line:column); those files are not loaded until fixed. */
  definitionProblems: allow('reports.read').query(({ ctx }) => ctx.rt.reports.problems),
});
