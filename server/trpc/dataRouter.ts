// tRPC procedures of the data catalog: what the lake and the hot window hold, optionally as of a live seq.
import { z } from 'zod';
import { t } from './trpc.js';

export const dataRouter = t.router({
  catalog: t.procedure
    .input(z.object({
      sinceMs: z.number().int().nonnegative().optional(),
      atSeq: z.number().int().nonnegative().optional(),
    }).strict().optional())
    .query(({ ctx, input }) => ctx.rt.catalog.report(input)),
});
