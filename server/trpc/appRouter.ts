// The tRPC control plane: catalog, ingest status, dead letters and an ingest endpoint for producers.
import { z } from 'zod';
import { FACT_TABLES } from '../../schema/tables.js';
import { t } from './trpc.js';
import { nocRouter } from './nocRouter.js';
import { revenueRouter } from './revenueRouter.js';
import { automationRouter } from './automationRouter.js';

const MAX_EVENTS_PER_CALL = 10_000;

export const appRouter = t.router({
  noc: nocRouter,
  revenue: revenueRouter,
  automation: automationRouter,

  catalog: t.procedure
    .input(z.object({
      sinceMs: z.number().int().nonnegative().optional(),
      atSeq: z.number().int().nonnegative().optional(),
    }).strict().optional())
    .query(async ({ ctx, input }) => {
      const { rt } = ctx;
      return {
        seq: rt.hot.seq,
        nowMs: rt.clock.now(),
        lake: { startMs: rt.lake.manifest.startMs, endMs: rt.lake.manifest.endMs, seed: rt.lake.manifest.seed },
        hotWindow: { startMs: rt.hot.coverageStartMs, hours: rt.hot.hours },
        tables: await rt.catalog.entries({ sinceMs: input?.sinceMs, atSeq: input?.atSeq }),
      };
    }),

  status: t.procedure.query(({ ctx }) => {
    const { rt, hub } = ctx;
    return {
      uptimeSec: Math.round((Date.now() - rt.startedAtMs) / 1000),
      seq: rt.hot.seq,
      nowMs: rt.clock.now(),
      simulator: { speed: rt.clock.speed, cursorMs: rt.simulator.cursorMs },
      ingest: {
        acceptedTotal: rt.ingest.acceptedTotal,
        rowsPerSec: rt.ingest.rate.perSecond(),
        duplicatesTotal: rt.ingest.duplicatesTotal,
        deadLetterTotal: rt.deadLetters.total,
        deadLetterByReason: rt.deadLetters.counts(),
        flushedRows: rt.flusher.flushedRows,
      },
      live: { clients: hub.clients, framesSent: hub.framesSent, rowsSent: hub.rowsSent },
      nats: rt.nats ? { messages: rt.nats.messagesTotal, acked: rt.nats.ackedTotal, awaitingFlush: rt.nats.heldCount } : null,
    };
  }),

  deadLetters: t.procedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict().optional())
    .query(({ ctx, input }) => ctx.rt.deadLetters.recent(input?.limit ?? 50)),

  /** Producers (and tests) push raw events; each is validated and dead-lettered with a reason if bad. */
  ingest: t.procedure
    .input(z.object({
      table: z.enum(FACT_TABLES),
      events: z.array(z.unknown()).max(MAX_EVENTS_PER_CALL),
      source: z.string().min(1).max(64).default('api'),
    }).strict())
    .mutation(({ ctx, input }) => {
      const r = ctx.rt.ingest.ingest(input.table, input.events, input.source);
      return { accepted: r.accepted, rejected: r.rejected, duplicates: r.duplicates, seq: r.chunk?.seq ?? null };
    }),
});

export type AppRouter = typeof appRouter;
