// Domain errors through the real root router: typed NotFound / InvalidRequest / Unavailable errors thrown by the
// services come out as NOT_FOUND / BAD_REQUEST / PRECONDITION_FAILED (createCaller) and as 404 / 400 / 412 over HTTP.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { appRouter } from '../../server/trpc/appRouter.js';
import { t } from '../../server/trpc/trpc.js';
import { routerSuite, startRouterContext, type RouterContext } from './routerContext.js';

const createCaller = t.createCallerFactory(appRouter);
const MISSING = 424_242;

describe('automation router errors (automation on)', () => {
  const suite = routerSuite(createCaller, { automation: true });

  it('a missing ticket or rule is NOT_FOUND, from the automation service and from the heal loop alike', async () => {
    await expect(suite.caller.automation.ticket({ ticketId: MISSING })).rejects.toMatchObject({ code: 'NOT_FOUND', message: `no ticket ${MISSING}` });
    await expect(suite.caller.automation.resolve({ ticketId: MISSING })).rejects.toMatchObject({ code: 'NOT_FOUND', message: `no ticket ${MISSING}` });
    await expect(suite.caller.automation.acknowledge({ ticketId: MISSING })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(suite.caller.automation.setRuleEnabled({ ruleId: 'no-such-rule', enabled: false }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', message: "no rule 'no-such-rule'" });
  });

  it('a request the service refuses is BAD_REQUEST with its message', async () => {
    await expect(suite.caller.automation.addSilence({ matchers: {}, durationMinutes: 5 }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/at least one matcher/) });
  });

  it('over HTTP the same errors are 404 and 400', async () => {
    const { app } = await buildApp(suite.rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 });
    const authorization = await suite.rc.bearer(['admin']);
    try {
      const missing = await app.inject({ method: 'GET', url: `/trpc/automation.ticket?input=${encodeURIComponent(JSON.stringify({ ticketId: MISSING }))}`, headers: { authorization } });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: { message: `no ticket ${MISSING}`, data: { code: 'NOT_FOUND' } } });
      const bad = await app.inject({ method: 'POST', url: '/trpc/automation.addSilence', payload: { matchers: {}, durationMinutes: 5 }, headers: { authorization } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: { data: { code: 'BAD_REQUEST' } } });
    } finally {
      await app.close();
    }
  });
});

describe('automation router errors (automation off)', () => {
  let rc: RouterContext;
  beforeAll(async () => { rc = await startRouterContext({ automation: false }); });
  afterAll(async () => { await rc?.close(); });

  it('every automation procedure is PRECONDITION_FAILED, and the other routers still answer', async () => {
    const caller = createCaller(rc.ctx);
    await expect(caller.automation.status()).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/automation is off/) });
    await expect(caller.automation.ticket({ ticketId: 1 })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect((await caller.status()).ingest.acceptedTotal).toBe(0);
  });
});
