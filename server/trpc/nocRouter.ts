// tRPC procedures of the NOC map: fleet assurance over a window (live or replay), rated revenue per site, one site's drill-down;
// each answers with the sites of the user's data scope only (a site outside it is as unknown as a missing one).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { allow, t } from './trpc.js';

const MAX_WINDOW_MS = 31 * 86_400_000;
const windowInput = z.object({
  /** Window length ending at `toMs` (default: the server clock). */
  windowMs: z.number().int().min(60_000).max(MAX_WINDOW_MS),
  toMs: z.number().int().nonnegative().optional(),
});

export const nocRouter = t.router({
  sites: allow('noc.read').query(({ ctx }) => ctx.rt.noc.sites(ctx.scope)),

  assurance: allow('noc.read').input(windowInput.strict()).query(({ ctx, input }) => {
    const toMs = input.toMs ?? ctx.rt.clock.now();
    if (toMs > ctx.rt.clock.now() + 60_000) throw new TRPCError({ code: 'BAD_REQUEST', message: `toMs ${toMs} is in the future` });
    return ctx.rt.noc.assurance({ fromMs: toMs - input.windowMs, toMs }, ctx.scope);
  }),

  /** Rated revenue per (site, tier) over a window: the browser's live windows join it with their own assurance. */
  siteRevenue: allow('noc.read').input(windowInput.strict()).query(({ ctx, input }) => {
    const toMs = input.toMs ?? ctx.rt.clock.now();
    if (toMs > ctx.rt.clock.now() + 60_000) throw new TRPCError({ code: 'BAD_REQUEST', message: `toMs ${toMs} is in the future` });
    return ctx.rt.noc.siteRevenue({ fromMs: toMs - input.windowMs, toMs }, ctx.scope);
  }),

  siteDetail: allow('noc.read').input(windowInput.extend({
    siteId: z.number().int().nonnegative(),
    bucketMs: z.number().int().min(60_000).max(86_400_000).optional(),
  }).strict()).query(async ({ ctx, input }) => {
    const sites = await ctx.rt.noc.sites(ctx.scope);
    if (!sites.some((s) => s.site_id === input.siteId)) throw new TRPCError({ code: 'NOT_FOUND', message: `no site ${input.siteId}` });
    const toMs = input.toMs ?? ctx.rt.clock.now();
    // About 300 points per chart whatever the window.
    const bucketMs = input.bucketMs ?? Math.max(60_000, Math.ceil(input.windowMs / 300 / 60_000) * 60_000);
    return ctx.rt.noc.siteDetail(input.siteId, { fromMs: toMs - input.windowMs, toMs }, bucketMs);
  }),
});
