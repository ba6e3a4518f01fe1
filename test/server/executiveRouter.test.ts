// executive.* procedures through tRPC's createCaller on a real runtime: definitions, a report, and typed errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/trpc/appRouter.js';
import { t } from '../../server/trpc/trpc.js';
import { startRouterContext, type RouterContext } from './routerContext.js';
import { END_MS } from '../fixtures/lakeHelpers.js';

const createCaller = t.createCallerFactory(appRouter);

describe('executive router', () => {
  let rc: RouterContext;
  beforeAll(async () => {
    rc = await startRouterContext({ automation: true });
    await rc.ctx.rt.revenue.refresh();
  }, 120_000);
  afterAll(async () => { await rc?.close(); });

  it('lists the report definitions of reports/*.yaml', async () => {
    const defs = await createCaller(rc.as(['exec'])).executive.definitions();
    expect(defs.map((d) => d.id)).toContain('weekly-exec');
  });

  it('computes a report for a period of the lake, figures from the raw data', async () => {
    const day = new Date(END_MS - 86_400_000).toISOString().slice(0, 10);
    const r = await createCaller(rc.as(['exec'])).executive.report({ definitionId: 'weekly-exec', period: day });
    expect(r.period.label).toBe(day);
    expect(r.definition.id).toBe('weekly-exec');
    expect(r.coverage.rawDays).toBe(1);
    const revenue = r.sections.find((s) => s.id === 'revenue')!.kpis.find((k) => k.id === 'revenue_total')!;
    expect(revenue.value).toBe(rc.ctx.rt.revenue.total({ fromMs: r.period.fromMs, toMs: r.period.toMs })!.totalFen);
    expect(revenue.sparkline).toHaveLength(13);
    expect(r.targetsVersion).not.toBe('none');
    expect(r.narrative.length).toBeGreaterThan(0);
  }, 60_000);

  it('an impossible period is BAD_REQUEST with the parser\'s words; an unknown definition NOT_FOUND', async () => {
    const caller = createCaller(rc.as(['admin']));
    await expect(caller.executive.report({ definitionId: 'weekly-exec', period: '2025-W53' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'period "2025-W53": 2025 has ISO weeks 1-52' });
    await expect(caller.executive.report({ definitionId: 'weekly-exec', period: '2026-11-20..2026-11-01' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: /end day is before the start day/ });
    await expect(caller.executive.report({ definitionId: 'no-such-report', period: '2026-W44' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', message: /unknown report definition "no-such-report"/ });
    await expect(createCaller(rc.as(['noc'])).executive.report({ definitionId: 'weekly-exec', period: '2026-W44' }))
      .rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
