// tRPC procedures of the revenue explorer: rating status, server-side totals (the independent check) and invoices;
// totals and invoices cover only accounts of provinces in the user's data scope.
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { revenueFilterSchema } from '../revenue/revenueService.js';
import { allow, recordAudit, t, type TrpcContext } from './trpc.js';

/** Rating status (aggregate counts); its error samples name accounts, so a scoped user gets none. */
function statusFor(ctx: TrpcContext) {
  const s = ctx.rt.revenue.status();
  return ctx.scope.unrestricted ? s : { ...s, ratingErrorSamples: [] };
}

export const revenueRouter = t.router({
  status: allow('revenue.read').query(({ ctx }) => statusFor(ctx)),

  /** Revenue for a filter summed per account on the server (not from the rated tables). */
  total: allow('revenue.read').input(revenueFilterSchema).query(({ ctx, input }) => {
    const r = ctx.rt.revenue.total(input, ctx.scope);
    if (!r) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'revenue not rated yet' });
    return r;
  }),

  invoice: allow('revenue.read').input(z.object({ accountId: z.number().int().nonnegative() }).strict()).query(async ({ ctx, input }) => {
    const lines = await ctx.rt.revenue.invoice(input.accountId, ctx.scope);
    if (!lines) throw new TRPCError({ code: 'NOT_FOUND', message: `unknown account ${input.accountId}` });
    return lines;
  }),

  /** Re-rates now (e.g. after a flush) and returns the new status. */
  refresh: allow('revenue.refresh').mutation(async ({ ctx }) => {
    await ctx.rt.revenue.refresh();
    await recordAudit(ctx, 'revenue.refreshed', 'revenue rating', null, null);
    return statusFor(ctx);
  }),
});
