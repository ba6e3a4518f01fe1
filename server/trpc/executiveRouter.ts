// tRPC procedures of the executive KPI report: the report definitions and one computed report for a period;
// figures cover only the reader's data scope.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { parsePeriod } from '../../domain/period/reportPeriod.js';
import { allow, t } from './trpc.js';

export const executiveRouter = t.router({
  definitions: allow('reports.read').query(({ ctx }) => ctx.rt.executive.definitions()),

  report: allow('reports.read')
    .input(z.object({ definitionId: z.string().min(1).max(64), period: z.string().min(1).max(40) }).strict())
    .query(({ ctx, input }) => {
      const svc = ctx.rt.executive;
      const def = svc.definition(input.definitionId); // NotFoundError -> NOT_FOUND
      let period;
      try { period = parsePeriod(input.period); } catch (e) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: e instanceof Error ? e.message : String(e) });
      }
      return svc.report(def, period, ctx.scope);
    }),
});
