// The closed loop end to end on the simulator: real server, accelerated clock, a real fault detected, remediated, verified.
import http from 'node:http';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLake } from '../../fixtures/generateLake.js';
import { openEventModel, type EventModel } from '../../pipelines/simulator/eventModel.js';
import { loadConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/startServer.js';
import type { AppRouter } from '../../server/trpc/appRouter.js';
import type { Ticket } from '../../schema/automation.js';
import type { Fault } from '../../schema/tables.js';
import { adminAuthorization, makeTempDir } from '../server/testServer.js';

// A lake ending in the future makes the simulator clock start exactly at its end (deterministic time of day).
// Seed 41 with 20 sites plans a baseband fault at site 4 starting 48 min into 2030-01-02 (found from the plan, see README).
const END_MS = Date.UTC(2030, 0, 2);
const SEED = 41;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('closed loop on the simulator', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let server: RunningServer | null = null;
  let truthModel: EventModel;
  let fault: Fault;
  const hooks: { type: string; ticketId: number }[] = [];
  let hookServer: http.Server;
  let hookFailuresLeft = 2;

  const start = async () => {
    const cfg = loadConfig({
      PORT: '0', HOST: '127.0.0.1', OPSDECK_LAKE: path.join(dir, 'lake'), OPSDECK_CLIENT_DIR: path.join(dir, 'no-client'),
      OPSDECK_SIM_SPEED: '600', OPSDECK_SIM_TICK_MS: '100', OPSDECK_FLUSH_INTERVAL_MS: '2000', OPSDECK_LOG_LEVEL: 'silent',
      OPSDECK_STATE: path.join(dir, 'state.duckdb'),
      OPSDECK_WEBHOOK_URL: `http://127.0.0.1:${(hookServer.address() as { port: number }).port}/hook`,
      OPSDECK_WEBHOOK_ALLOWLIST: '127.0.0.1',
    });
    server = await startServer(cfg);
    const authorization = await adminAuthorization(server);
    return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { authorization } })] });
  };

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('opsdeck-loop-'));
    const manifest = await generateLake({ seed: SEED, sites: 20, accounts: 400, days: 1, endMs: END_MS, outDir: path.join(dir, 'lake') });
    // Ground truth for the test's own expectations only (a separate model instance, not the server's).
    truthModel = await openEventModel(manifest);
    const faults = truthModel.faultsBetween(END_MS, END_MS + 3 * 3_600_000);
    fault = faults[0]!;
    hookServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        // The first deliveries fail: the notifier must retry them without holding up the loop.
        if (hookFailuresLeft-- > 0) { res.statusCode = 503; res.end(); return; }
        const j = JSON.parse(body) as { type: string; ticket: Ticket };
        hooks.push({ type: j.type, ticketId: j.ticket.ticketId });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await server?.close();
    await truthModel?.close();
    hookServer?.close();
    await cleanup();
  });

  it('detects the fault before the SLA breaks, runs the right runbook, verifies recovery and resolves', async () => {
    expect(fault.kind).toBe('baseband_fault');
    expect(fault.site_id).toBe(4);
    const trpc = await start();
    let ticket: Ticket | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const r = await trpc.automation.tickets.query({});
      ticket = r.tickets.find((t) => t.siteIds.includes(4));
      if (ticket && (ticket.state === 'resolved' || ticket.state === 'escalated')) break;
      await sleep(250);
    }
    expect(ticket?.state).toBe('resolved');
    const d = await trpc.automation.ticket.query({ ticketId: ticket!.ticketId });
    const transitions = d.events.filter((e) => e.kind === 'transition').map((e) => `${e.fromState ?? '-'}>${e.toState}:${e.actor.split(':')[0]}`);
    expect(transitions).toEqual(['->open:rule', 'open>acting:rule', 'acting>verifying:controller', 'verifying>resolved:verifier']);
    expect(d.ticket.runbook).toBe('restart_baseband');
    // Opened during the ramp, before the fault reaches full strength (the SLA breaks part-way up the ramp).
    const rampEnd = fault.start_ts + 36 * 60_000;
    expect(d.ticket.openedAtMs).toBeGreaterThan(fault.start_ts);
    expect(d.ticket.openedAtMs).toBeLessThan(rampEnd);
    // The simulated network really changed: the server's model now ends the fault at the remediation time.
    const serverModel = server!.rt.generator as EventModel;
    const mitigated = serverModel.faultsBetween(fault.start_ts, fault.start_ts + 1).find((f) => f.fault_id === fault.fault_id)!;
    // (from the simulator's current time, which runs slightly ahead of the minute the rules evaluated)
    expect(mitigated.end_ts).toBeGreaterThanOrEqual(d.ticket.actedAtMs!);
    expect(mitigated.end_ts).toBeLessThan(d.ticket.actedAtMs! + 5 * 60_000);
    expect(mitigated.end_ts).toBeLessThan(fault.end_ts);
    // ... and the KPIs recovered: the last minutes before resolution are back under the SLA.
    const last = d.series.points.filter((p) => p.siteId === 4 && p.ts <= d.ticket.closedAtMs!).slice(-5);
    expect(last.length).toBe(5);
    for (const p of last) expect(p.latencyMs).toBeLessThan(30);
    // Webhook: every transition delivered once, despite the first two attempts failing.
    const until = Date.now() + 15_000;
    while (Date.now() < until && hooks.filter((h) => h.ticketId === ticket!.ticketId && h.type === 'ticket.transition').length < 4) await sleep(200);
    expect(hooks.filter((h) => h.ticketId === ticket!.ticketId && h.type === 'ticket.transition').length).toBe(4);
    // The loop's own remediation is in the audit trail, attributed to the automation, with the runbook.
    const audit = await trpc.admin.audit.query({ limit: 1000 });
    const mine = audit.entries.filter((e) => e.target === `ticket ${ticket!.ticketId}`).map((e) => `${e.action}:${e.actor.split(':')[0]}`).reverse();
    expect(mine).toEqual(['remediation.started:rule', 'remediation.finished:verifier']);
    expect(audit.entries.find((e) => e.action === 'remediation.started' && e.target === `ticket ${ticket!.ticketId}`)?.after).toMatchObject({ state: 'acting', runbook: 'restart_baseband' });
    expect(audit.chain.ok).toBe(true);
    const st = await trpc.automation.status.query();
    expect(st.webhook?.retried).toBeGreaterThanOrEqual(2);
    expect(st.tickErrors).toBe(0);
  });

  it('keeps tickets across a restart without duplicating them', async () => {
    const before = server!.rt.automation!;
    const ticketsBefore = await before.tickets.list({});
    const resolved = ticketsBefore.find((t) => t.siteIds.includes(4) && t.state === 'resolved')!;
    await server!.close();
    server = null;
    const trpc = await start();
    await sleep(1500);
    const after = await trpc.automation.tickets.query({});
    expect(after.tickets.length).toBeGreaterThanOrEqual(ticketsBefore.length);
    const site4 = after.tickets.filter((t) => t.siteIds.includes(4) && t.openedAtMs < END_MS + 3 * 3_600_000);
    expect(site4.filter((t) => t.ticketId === resolved.ticketId).map((t) => t.state)).toEqual(['resolved']);
    // The simulator keeps mitigations in memory, so after a restart the fault can resume: that may open a new ticket,
    // but only as a new incident after the resolved ticket's cooldown, never a second ticket for the same one.
    for (const t of site4) if (t.ticketId !== resolved.ticketId) expect(t.openedAtMs).toBeGreaterThanOrEqual(resolved.cooldownUntilMs!);
  });
});
