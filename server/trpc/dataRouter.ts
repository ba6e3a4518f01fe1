// tRPC procedures of the data catalog: what the lake and the hot window hold (of the user's data scope), optionally as of a live seq.
import { z } from 'zod';
import { allow, t } from './trpc.js';

export const dataRouter = t.router({
  catalog: allow('status.read')
    .input(z.object({
      sinceMs: z.number().int().nonnegative().optional(),
      atSeq: z.number().int().nonnegative().optional(),
    }).strict().optional())
    .query(({ ctx, input }) => ctx.rt.catalog.report(input, ctx.scope)),
});
