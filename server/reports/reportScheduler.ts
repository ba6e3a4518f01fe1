// Renders scheduled reports on the simulated clock: each cron fire creates one run for the last complete period
// (once per definition and period, persisted), computes, renders and archives it, then delivers it to its webhooks;
// renders and deliveries are retried with exponential backoff, each failure logged and kept on the run.
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Scope } from '../../schema/access.js';
import { InvalidRequestError, NotFoundError } from '../../schema/domainErrors.js';
import type { ExecReport, ReportDefinition, ReportPeriod } from '../../schema/executive.js';
import { lastCompletePeriod, parsePeriod } from '../../domain/period/reportPeriod.js';
import { formatCronProblem, nextRun, parseCron, type CronSchedule } from '../../domain/schedule/cronSchedule.js';
import type { DataScope } from '../identity/dataScope.js';
import type { ArchivedRun, ReportArchive } from './reportArchive.js';
import type { ReportRenderer } from './pdfRenderer.js';
import { postReportWebhook, reportWebhookBody } from './reportWebhook.js';

/** Computes a report's figures (the executive service); scheduled runs pass the unrestricted scope. */
export interface ReportComputer {
  report(def: ReportDefinition, period: ReportPeriod, scope: DataScope): Promise<ExecReport>;
}

export interface ReportSchedulerOptions {
  definitions: readonly ReportDefinition[];
  archive: ReportArchive;
  computer: ReportComputer;
  renderer: ReportRenderer;
  /** The simulated clock (it may run faster than real time): cron fires and run timestamps are read from it. */
  now: () => number;
  /** A stored scope back to the rows it allows (a manual run resumed after a restart). */
  resolveScope: (scope: Scope | null) => DataScope;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  webhookSecret?: string | null;
  /** Attempts per rendering and per delivery target before the run is marked failed. */
  renderAttempts?: number;
  deliveryAttempts?: number;
  /** First retry delay (real time, doubling per attempt: the remote end recovers in real time, not simulated). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  deliveryTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** Catch-up after downtime looks back at most this far in simulated time (older fires are not rendered). */
const MAX_CATCH_UP_MS = 40 * 86_400_000;
const MAX_FIRES_PER_TICK = 10_000;
const UNFINISHED = ['pending', 'rendering', 'delivering'] as const;

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ReportScheduler {
  private readonly defs: ReadonlyMap<string, ReportDefinition>;
  private readonly crons = new Map<string, CronSchedule>();
  /** Last fire per definition, read from the store once (it is what survives a restart) and kept here after. */
  private readonly lastFires = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private queued = new Set<number>();
  private ticking: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly stopping = new AbortController();

  constructor(private readonly o: ReportSchedulerOptions) {
    this.defs = new Map(o.definitions.map((d) => [d.id, d]));
    for (const d of o.definitions) {
      if (!d.schedule) continue;
      // Definitions are validated when loaded; one that does not parse here is a caller's bug, refused at once.
      const p = parseCron(d.schedule.cron);
      if (!p.ok) throw new Error(`report ${d.id}: cron "${d.schedule.cron}": ${formatCronProblem(p.error)}`);
      this.crons.set(d.id, p.schedule);
    }
  }

  /** Resumes runs a previous process left unfinished, then checks the schedules every `tickMs` of real time. */
  async start(tickMs = 1000): Promise<void> {
    for (const run of (await this.o.archive.list({ states: UNFINISHED, limit: 10_000 })).reverse()) this.enqueue(run.runId);
    await this.tick();
    this.timer = setInterval(() => { void this.tick(); }, tickMs);
  }

  /** Creates the runs of every cron fire up to now (one tick at a time; a slow tick is never overlapped). */
  tick(): Promise<void> {
    this.ticking ??= this.checkSchedules()
      .catch((err: unknown) => this.o.log.error({ err }, 'report schedule check failed'))
      .finally(() => { this.ticking = null; });
    return this.ticking;
  }

  private async checkSchedules(): Promise<void> {
    const now = this.o.now();
    for (const def of this.o.definitions) {
      const cron = this.crons.get(def.id);
      if (!cron || !def.schedule || this.stopping.signal.aborted) continue;
      const last = this.lastFires.get(def.id) ?? await this.o.archive.lastFire(def.id);
      // First sight of a schedule: it starts from now (no backfill of periods before the report existed).
      if (last === null) { await this.o.archive.setLastFire(def.id, now); this.lastFires.set(def.id, now); continue; }
      this.lastFires.set(def.id, last);
      const periods = new Map<string, number>();
      let fire = nextRun(cron, def.schedule.timezone, Math.max(last, now - MAX_CATCH_UP_MS));
      let latest: number | null = null;
      // Bounded per tick (a per-minute cron after long downtime): the next tick carries on from the latest fire.
      for (let n = 0; fire !== null && fire <= now && n < MAX_FIRES_PER_TICK; n++) {
        periods.set(lastCompletePeriod(def.period, fire).label, fire);
        latest = fire;
        fire = nextRun(cron, def.schedule.timezone, fire);
      }
      if (latest === null) continue;
      for (const [label, at] of periods) {
        const run = await this.o.archive.create({
          definitionId: def.id, periodLabel: label, trigger: 'schedule', scope: null, requestedBy: 'schedule',
          targets: def.deliver.map((d) => d.webhook), atMs: now,
        });
        if (run) {
          this.o.log.info({ runId: run.runId, definitionId: def.id, period: label, cronFireMs: at }, 'scheduled report run created');
          this.enqueue(run.runId);
        }
      }
      await this.o.archive.setLastFire(def.id, latest);
      this.lastFires.set(def.id, latest);
    }
  }

  /** An on-demand rendering in the requester's scope (archived, not delivered: webhooks get scheduled runs). */
  async runNow(definitionId: string, periodText: string, scope: DataScope, requestedBy: string): Promise<ArchivedRun> {
    const def = this.defs.get(definitionId);
    if (!def) throw new NotFoundError(`no report definition '${definitionId}' (known: ${[...this.defs.keys()].join(', ') || 'none'})`);
    let period: ReportPeriod;
    try { period = parsePeriod(periodText); } catch (e) { throw new InvalidRequestError(reasonOf(e)); }
    if (period.fromMs > this.o.now()) throw new InvalidRequestError(`period ${period.label} has not started yet`);
    const run = await this.o.archive.create({
      definitionId, periodLabel: period.label, trigger: 'manual', scope: scope.scope, requestedBy, targets: [], atMs: this.o.now(),
    });
    this.enqueue(run!.runId);
    return run!;
  }

  /** Resolves when every queued run has finished (or stopped for shutdown). */
  async idle(): Promise<void> {
    await this.ticking;
    await this.chain;
  }

  /** Stops scheduling; a run interrupted mid-way stays unfinished in the store and is resumed by the next start. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.idle();
  }

  private enqueue(runId: number): void {
    if (this.queued.has(runId)) return;
    this.queued.add(runId);
    this.chain = this.chain
      .then(() => this.process(runId))
      .catch((err: unknown) => this.o.log.error({ err, runId }, 'report run failed unexpectedly'))
      .finally(() => this.queued.delete(runId));
  }

  /** Waits out a retry delay; false when the scheduler is stopping. */
  private async backoff(attempt: number): Promise<boolean> {
    const ms = Math.min((this.o.retryBaseMs ?? 2000) * 2 ** (attempt - 1), this.o.retryMaxMs ?? 5 * 60_000);
    try { await sleepFor(ms, undefined, { signal: this.stopping.signal }); return true; } catch { return false; }
  }

  private async process(runId: number): Promise<void> {
    if (this.stopping.signal.aborted) return;
    const run = await this.o.archive.get(runId);
    if (!run || run.state === 'done' || run.state === 'failed') return;
    const def = this.defs.get(run.definitionId);
    if (!def) {
      await this.o.archive.update(runId, { state: 'failed', lastError: `report definition '${run.definitionId}' is no longer loaded`, finishedAtMs: this.o.now() });
      return;
    }
    const period = parsePeriod(run.periodLabel);
    const pdf = run.pdfBytes === null ? await this.render(run, def, period) : await this.o.archive.pdf(runId);
    if (!pdf) return;
    if (run.deliveries.some((d) => d.state === 'pending')) await this.deliver(run, def, period, pdf);
  }

  private async render(run: ArchivedRun, def: ReportDefinition, period: ReportPeriod): Promise<Uint8Array | null> {
    const toDeliver = run.deliveries.some((d) => d.state === 'pending');
    for (let attempt = run.attempts + 1; ; attempt++) {
      await this.o.archive.update(run.runId, { state: 'rendering', attempts: attempt });
      try {
        const report = await this.o.computer.report(def, period, this.o.resolveScope(run.scope));
        const pdf = await this.o.renderer.renderPdf(report);
        await this.o.archive.storePdf(run.runId, pdf, { state: toDeliver ? 'delivering' : 'done', finishedAtMs: toDeliver ? null : this.o.now() });
        this.o.log.info({ runId: run.runId, definitionId: def.id, period: period.label, bytes: pdf.byteLength }, 'report rendered and archived');
        return pdf;
      } catch (err) {
        const reason = `render attempt ${attempt} failed: ${reasonOf(err)}`;
        this.o.log.warn({ runId: run.runId, definitionId: def.id, period: period.label, attempt, reason }, 'report render failed');
        if (attempt >= (this.o.renderAttempts ?? 3)) {
          await this.o.archive.update(run.runId, { state: 'failed', lastError: reason, finishedAtMs: this.o.now() });
          for (const d of run.deliveries) {
            await this.o.archive.updateDelivery(run.runId, d.target, { state: 'failed', attempts: d.attempts, lastError: 'not sent: the report did not render', atMs: this.o.now() });
          }
          return null;
        }
        await this.o.archive.update(run.runId, { state: 'pending', lastError: reason });
        if (!(await this.backoff(attempt))) return null;
      }
    }
  }

  private async deliver(run: ArchivedRun, def: ReportDefinition, period: ReportPeriod, pdf: Uint8Array): Promise<void> {
    const body = reportWebhookBody(run.runId, def, period, pdf);
    const maxAttempts = this.o.deliveryAttempts ?? 5;
    for (const d of run.deliveries.filter((x) => x.state === 'pending')) {
      if (this.stopping.signal.aborted) return;
      for (let attempt = d.attempts + 1; ; attempt++) {
        try {
          await postReportWebhook(d.target, body, { secret: this.o.webhookSecret ?? null, timeoutMs: this.o.deliveryTimeoutMs ?? 30_000, fetchImpl: this.o.fetchImpl });
          await this.o.archive.updateDelivery(run.runId, d.target, { state: 'delivered', attempts: attempt, lastError: null, atMs: this.o.now() });
          break;
        } catch (err) {
          const reason = reasonOf(err);
          const final = attempt >= maxAttempts;
          this.o.log.warn({ runId: run.runId, definitionId: def.id, target: d.target, attempt, reason }, 'report delivery failed');
          await this.o.archive.updateDelivery(run.runId, d.target, { state: final ? 'failed' : 'pending', attempts: attempt, lastError: reason, atMs: this.o.now() });
          if (final || !(await this.backoff(attempt))) break;
        }
      }
    }
    if (this.stopping.signal.aborted) return;
    const after = await this.o.archive.get(run.runId);
    const failed = after?.deliveries.filter((d) => d.state !== 'delivered') ?? [];
    await this.o.archive.update(run.runId, failed.length
      ? { state: 'failed', lastError: `delivery failed to ${failed.map((d) => d.target).join(', ')}`, finishedAtMs: this.o.now() }
      : { state: 'done', finishedAtMs: this.o.now() });
  }
}
