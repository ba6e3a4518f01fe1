// tRPC procedures of the revenue explorer: rating status, server-side totals (the independent check) and invoices.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { revenueFilterSchema } from '../revenue/revenueService.js';
import { t } from './trpc.js';

export const revenueRouter = t.router({
  status: t.procedure.query(({ ctx }) => ctx.rt.revenue.status()),

  /** Revenue for a filter summed per account on the server (not from the rated tables). */
  total: t.procedure.input(revenueFilterSchema).query(({ ctx, input }) => {
    const r = ctx.rt.revenue.total(input);
    if (!r) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'revenue not rated yet' });
    return r;
  }),

  invoice: t.procedure.input(z.object({ accountId: z.number().int().nonnegative() }).strict()).query(async ({ ctx, input }) => {
    const lines = await ctx.rt.revenue.invoice(input.accountId);
    if (!lines) throw new TRPCError({ code: 'NOT_FOUND', message: `unknown account ${input.accountId}` });
    return lines;
  }),

  /** Re-rates now (e.g. after a flush) and returns the new status. */
  refresh: t.procedure.mutation(async ({ ctx }) => {
    await ctx.rt.revenue.refresh();
    return ctx.rt.revenue.status();
  }),
});
