// The report scheduler on a fake simulated clock with a fake report computer and renderer: one run per period,
// render retries, webhook delivery retried against a real local HTTP server, and restarts on the same state file.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExecReport, ReportDefinition, ReportPeriod } from '../../schema/executive.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { DataScope } from '../../server/identity/dataScope.js';
import { ReportArchive } from '../../server/reports/reportArchive.js';
import { ReportScheduler, type ReportSchedulerOptions } from '../../server/reports/reportScheduler.js';
import { REPORT_SIGNATURE_HEADER, type ReportWebhookBody } from '../../server/reports/reportWebhook.js';

const SECRET = 'a-webhook-secret-for-tests';

/** A webhook receiver that answers 503 to the first `failFirst` posts. */
class Receiver {
  posts: Array<{ body: string; signature: string | undefined }> = [];
  failFirst = 0;
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.posts.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[REPORT_SIGNATURE_HEADER] as string | undefined });
      if (this.posts.length <= this.failFirst) { res.statusCode = 503; res.end('busy'); return; }
      res.statusCode = 204; res.end();
    });
  });
  url = '';
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/opsdeck`;
  }
  close() { return new Promise<void>((r) => this.server.close(() => r())); }
}

function fakeReport(def: ReportDefinition, period: ReportPeriod): ExecReport {
  return {
    definition: { id: def.id, title: def.title, audience: def.audience, source: def.source },
    period, previous: period, yearAgo: period, generatedAtMs: 0, dataAsOfMs: period.toMs, scope: 'all regions',
    targetsVersion: 'test', sections: [], narrative: [], coverage: { rawDays: 7, historyDays: 0, missingDays: 0 },
  };
}

describe('report scheduler', () => {
  let dir: string;
  let receiver: Receiver;
  let db: DuckDbDriver;
  let archive: ReportArchive;
  let nowMs: number;
  let computed: Array<{ definitionId: string; period: string; unrestricted: boolean }>;
  let renderFailures: number;
  let warnings: Array<{ msg: string; obj: Record<string, unknown> }>;
  let errors: unknown[];
  const schedulers: ReportScheduler[] = [];

  const def = (deliver: string[]): ReportDefinition => ({
    id: 'weekly-exec', title: 'Weekly', audience: 'Execs', source: 'reports/weekly-exec.yaml', period: 'week',
    sections: [{ id: 'revenue', title: 'Revenue', kpis: ['revenue_total'], tables: [] }],
    schedule: { cron: '0 8 * * 1', timezone: 'Asia/Shanghai' }, deliver: deliver.map((webhook) => ({ webhook })),
  });

  function scheduler(over: Partial<ReportSchedulerOptions> = {}): ReportScheduler {
    const s = new ReportScheduler({
      definitions: [def([receiver.url])], archive, now: () => nowMs,
      computer: {
        report: async (d, period, scope) => {
          computed.push({ definitionId: d.id, period: period.label, unrestricted: scope.unrestricted });
          return fakeReport(d, period);
        },
      },
      renderer: {
        renderPdf: async (r) => {
          if (renderFailures > 0) { renderFailures--; throw new Error('chromium crashed'); }
          return new TextEncoder().encode(`%PDF-1.7 fake ${r.definition.id} ${r.period.label}`);
        },
      },
      resolveScope: (scope) => (scope ? new DataScope(scope, new Set(), new Set()) : DataScope.ALL),
      log: {
        info: () => undefined, error: ((obj: unknown) => { errors.push(obj); }) as never,
        warn: ((obj: Record<string, unknown>, msg: string) => { warnings.push({ obj, msg }); }) as never,
      },
      webhookSecret: SECRET, retryBaseMs: 1, retryMaxMs: 4, renderAttempts: 3, deliveryAttempts: 5,
      ...over,
    });
    schedulers.push(s);
    return s;
  }

  async function reopen(): Promise<void> {
    await db.close();
    db = await DuckDbDriver.open(path.join(dir, 'state.duckdb'));
    archive = new ReportArchive(db, path.join(dir, 'report-archive'));
    await archive.init();
  }

  beforeAll(async () => { receiver = new Receiver(); await receiver.start(); });
  afterAll(async () => { await receiver.close(); });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-report-sched-'));
    db = await DuckDbDriver.open(path.join(dir, 'state.duckdb'));
    archive = new ReportArchive(db, path.join(dir, 'report-archive'));
    await archive.init();
    nowMs = Date.parse('2026-11-29T12:00:00Z'); // a Sunday, before the Monday 08:00 Shanghai (00:00Z) fire
    computed = []; renderFailures = 0; warnings = []; errors = []; receiver.posts = []; receiver.failFirst = 0;
  });
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop();
    // Nothing went wrong unexpectedly (e.g. a duplicate run refused by a constraint error instead of the conflict clause).
    expect(errors).toEqual([]);
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders once per period when the cron time passes, retrying a failed render and a failing webhook', async () => {
    renderFailures = 1;
    receiver.failFirst = 2;
    const s = scheduler();
    await s.start(3_600_000);
    await s.idle();
    expect(await archive.list()).toEqual([]); // first sight: nothing before the schedule existed is rendered

    nowMs = Date.parse('2026-11-29T23:59:00Z');
    await s.tick(); await s.idle();
    expect(await archive.list()).toEqual([]);

    nowMs = Date.parse('2026-11-30T00:00:30Z');
    await s.tick(); await s.idle();
    await s.tick(); await s.idle(); // the same fire again changes nothing
    nowMs = Date.parse('2026-12-03T00:00:00Z');
    await s.tick(); await s.idle();

    const runs = await archive.list();
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run).toMatchObject({
      definitionId: 'weekly-exec', periodLabel: '2026-W48', trigger: 'schedule', state: 'done', attempts: 2, scope: null,
      createdAtMs: Date.parse('2026-11-30T00:00:30Z'),
    });
    expect(run.lastError).toMatch(/render attempt 1 failed: chromium crashed/);
    expect(run.deliveries).toEqual([{ target: receiver.url, state: 'delivered', attempts: 3, lastError: null, atMs: Date.parse('2026-11-30T00:00:30Z') }]);
    expect(computed).toEqual([
      { definitionId: 'weekly-exec', period: '2026-W48', unrestricted: true },
      { definitionId: 'weekly-exec', period: '2026-W48', unrestricted: true },
    ]);

    // Archived whole under its final name, nothing temporary left behind.
    const pdf = new TextDecoder().decode((await archive.pdf(run.runId))!);
    expect(pdf).toBe('%PDF-1.7 fake weekly-exec 2026-W48');
    expect(run.pdfBytes).toBe(pdf.length);
    expect(await readdir(path.join(dir, 'report-archive'))).toEqual([`${run.runId}.pdf`]);

    // Three posts (two refused), each signed over its exact body; the PDF travels inline.
    expect(receiver.posts).toHaveLength(3);
    for (const p of receiver.posts) expect(p.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(p.body).digest('hex')}`);
    const body = JSON.parse(receiver.posts[2]!.body) as ReportWebhookBody;
    expect(body).toMatchObject({ type: 'report.rendered', runId: run.runId, definitionId: 'weekly-exec', period: '2026-W48', pdfBytes: pdf.length });
    expect(Buffer.from(body.pdfBase64, 'base64').toString('utf8')).toBe(pdf);

    // Each failure was logged with its reason.
    expect(warnings.map((w) => `${w.msg}: ${String(w.obj.reason)}`)).toEqual([
      'report render failed: render attempt 1 failed: chromium crashed',
      'report delivery failed: HTTP 503: busy',
      'report delivery failed: HTTP 503: busy',
    ]);
  });

  it('gives up after the bounded attempts and says why on the run', async () => {
    renderFailures = 99;
    const s = scheduler();
    await s.start(3_600_000);
    nowMs = Date.parse('2026-11-30T01:00:00Z');
    await s.tick(); await s.idle();
    const [run] = await archive.list();
    expect(run).toMatchObject({ state: 'failed', attempts: 3, pdfBytes: null, lastError: 'render attempt 3 failed: chromium crashed' });
    expect(run!.deliveries[0]).toMatchObject({ state: 'failed', attempts: 0, lastError: 'not sent: the report did not render' });
    expect(receiver.posts).toEqual([]);

    // A webhook that never accepts: delivered nowhere after 5 attempts, the run failed but its PDF archived.
    renderFailures = 0;
    receiver.failFirst = 1000;
    nowMs = Date.parse('2026-12-07T00:05:00Z');
    await s.tick(); await s.idle();
    const [latest] = await archive.list();
    expect(latest).toMatchObject({ periodLabel: '2026-W49', state: 'failed', lastError: `delivery failed to ${receiver.url}` });
    expect(latest!.pdfBytes).toBeGreaterThan(0);
    expect(latest!.deliveries[0]).toMatchObject({ state: 'failed', attempts: 5, lastError: 'HTTP 503: busy' });
    expect(receiver.posts).toHaveLength(5);
  });

  it('one run per period across a restart, and a fire missed while down is caught up at start', async () => {
    const first = scheduler();
    await first.start(3_600_000);
    nowMs = Date.parse('2026-11-30T00:10:00Z');
    await first.tick(); await first.idle();
    await first.stop();
    expect((await archive.list()).map((r) => r.periodLabel)).toEqual(['2026-W48']);

    // Restart on the same state file; even told to look back before the fire, it does not render W48 again.
    await reopen();
    await archive.setLastFire('weekly-exec', Date.parse('2026-11-29T00:00:00Z'));
    const second = scheduler();
    await second.start(3_600_000);
    await second.idle();
    expect((await archive.list()).map((r) => r.periodLabel)).toEqual(['2026-W48']);
    await second.stop();
    expect(receiver.posts).toHaveLength(1);

    // Down over the next Monday: the missed fire is rendered when the server comes back.
    await reopen();
    nowMs = Date.parse('2026-12-09T10:00:00Z');
    const third = scheduler();
    await third.start(3_600_000);
    await third.idle();
    const runs = await archive.list();
    expect(runs.map((r) => `${r.periodLabel} ${r.state}`)).toEqual(['2026-W49 done', '2026-W48 done']);
    expect(receiver.posts).toHaveLength(2);
  });

  it('a run interrupted by shutdown stays unfinished and the next start completes it', async () => {
    renderFailures = 1;
    // A long backoff: the first scheduler stops while waiting to retry.
    const first = scheduler({ retryBaseMs: 3_600_000, retryMaxMs: 3_600_000 });
    await first.start(3_600_000);
    const requested = await first.runNow('weekly-exec', '2026-W47', new DataScope({ regions: ['East'], provinces: [] }, new Set(), new Set()), 'alice');
    expect(requested).toMatchObject({ trigger: 'manual', state: 'pending', scope: { regions: ['East'], provinces: [] }, requestedBy: 'alice', deliveries: [] });
    await vi.waitFor(async () => { expect((await archive.get(requested.runId))?.attempts).toBe(1); });
    await first.stop();
    expect(await archive.get(requested.runId)).toMatchObject({ state: 'pending', attempts: 1, pdfBytes: null });

    await reopen();
    const second = scheduler();
    await second.start(3_600_000);
    await second.idle();
    expect(await archive.get(requested.runId)).toMatchObject({ state: 'done', attempts: 2, deliveries: [] });
    // Resumed in the scope it was requested in; manual runs are archived, not delivered.
    expect(computed.map((c) => c.unrestricted)).toEqual([false, false]);
    expect(receiver.posts).toEqual([]);
  });

  it('runNow refuses an unknown definition, an impossible period and a period that has not started', async () => {
    const s = scheduler();
    await expect(s.runNow('nope', '2026-W47', DataScope.ALL, 'a')).rejects.toThrow(/no report definition 'nope'/);
    await expect(s.runNow('weekly-exec', '2026-W54', DataScope.ALL, 'a')).rejects.toThrow(/ISO weeks 1-53/);
    await expect(s.runNow('weekly-exec', '2027-01', DataScope.ALL, 'a')).rejects.toThrow(/has not started/);
    expect(await archive.list()).toEqual([]);
  });
});
