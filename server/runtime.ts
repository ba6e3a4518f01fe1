// Wires the embedded pipeline: lake -> hot window, sources (simulator, NATS) -> ingest -> hot window -> lake flushes.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { FastifyBaseLogger } from 'fastify';
import { FACT_TABLES, TABLES } from '../schema/tables.js';
import { openPgDriver } from '../pipelines/heal/pgDriver.js';
import { HotWindow } from '../pipelines/hot/hotWindow.js';
import { DeadLetterStore } from '../pipelines/ingest/deadLetterStore.js';
import { IngestPipeline } from '../pipelines/ingest/ingestPipeline.js';
import { DurableIngest } from '../pipelines/ingest/durableIngest.js';
import { IngestWal } from '../pipelines/ingest/ingestWal.js';
import { recoverWal } from '../pipelines/lake/walRecovery.js';
import { FactReader } from '../pipelines/lake/factReader.js';
import { LakeReader } from '../pipelines/lake/lakeReader.js';
import type { LakeManifest } from '../pipelines/lake/lakeLayout.js';
import { ensureRollups } from '../pipelines/lake/rollupWriter.js';
import { LiveFlusher, readLiveWatermark } from '../pipelines/lake/liveFlusher.js';
import { SimClock } from '../pipelines/sources/simClock.js';
import { SimulatorSource } from '../pipelines/sources/simulatorSource.js';
import { NatsSource } from '../pipelines/sources/natsSource.js';
import type { Source } from '../pipelines/sources/source.js';
import type { EventGenerator } from '../pipelines/sources/eventGenerator.js';
import { DataCatalog } from './data/dataCatalog.js';
import { NocService } from './noc/nocService.js';
import { HistoryReader } from '../pipelines/history/historyReader.js';
import { TicketStore } from '../pipelines/heal/ticketStore.js';
import { HistoryRollForward } from './executive/historyRollForward.js';
import { RevenueService } from './revenue/revenueService.js';
import { AutomationService } from './automation/automationService.js';
import { controllerFor } from './automation/controllerFor.js';
import { TicketValuer } from './automation/ticketValuer.js';
import { StatusService } from './status/statusService.js';
import { DuckDbDriver, type SqlDriver } from '../pipelines/heal/sqlDriver.js';
import { AuditTrail } from './identity/auditTrail.js';
import { IdentityService, type IdentityOptions } from './identity/identityService.js';
import { IdentityStore } from './identity/identityStore.js';
import type { ScopeSite } from './identity/dataScope.js';
import { auditTicketEvent } from './identity/auditTicketEvents.js';
import { resolveDataScope } from './identity/dataScope.js';
import { ReportsService } from './reports/reportsService.js';
import type { ReportRenderer } from './reports/pdfRenderer.js';
import { DEFAULT_REPORTS_DIR } from '../pipelines/reports/reportDefinition.js';
import { ExecutiveService } from './executive/executiveService.js';
import { ReportDefinitionList } from './executive/reportDefinitions.js';
import { loadTargetsOrNone } from './executive/targets.js';

export interface RuntimeOptions {
  lakeDir: string;
  hotHours: number;
  simSpeed: number;
  simTickMs: number;
  flushIntervalMs: number;
  revenueRefreshMs?: number;
  /** Memory budget of the hot window; past it the oldest flushed rows are read from the lake instead. */
  hotMaxBytes?: number;
  /** Disk cap of dead-letter bodies (counts are never capped); default 64 MiB. */
  deadLetterMaxBytes?: number;
  /** Run the embedded simulator (off when a real source such as NATS feeds the product). */
  simulator?: boolean;
  nats?: { url: string; stream: string; subjectPrefix: string; durable: string; maxDeliver?: number } | null;
  openGenerator: (lakeDir: string, manifest: LakeManifest) => Promise<EventGenerator & { close?: () => void | Promise<void> }>;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** The state store (users, sessions, audit, tickets, rules): PostgreSQL at `url` if set, else the DuckDB file at `path`. */
  state: { path: string; url?: string | null };
  identity: IdentityOptions;
  /** The closed loop (detectors, rules, tickets); null turns it off. */
  automation?: { rulesDir: string; webhookUrl: string | null; webhookSecret?: string | null } | null;
  /** Report files, archive and delivery; defaults: the repo's reports/, `report-archive/` beside the state file, no webhooks. */
  reports?: { dir?: string; archiveDir?: string; webhookAllowlist?: readonly string[]; webhookSecret?: string | null; renderer?: ReportRenderer | null };
}

export interface Runtime {
  lake: LakeReader;
  hot: HotWindow;
  /** Every reader of fact rows goes through this (lake below the hot window, hot window from it on). */
  facts: FactReader;
  ingest: IngestPipeline;
  /** Ingest for callers told "accepted" (the API): answered once the rows are fsynced in the write-ahead log. */
  durableIngest: DurableIngest;
  wal: IngestWal;
  deadLetters: DeadLetterStore;
  /** Always present (its cursor is the lake's live watermark and the simulated network's present), started only when on. */
  simulator: SimulatorSource;
  /** The sources feeding ingest, in start order. */
  sources: readonly Source[];
  clock: SimClock;
  catalog: DataCatalog;
  status: StatusService;
  noc: NocService;
  revenue: RevenueService;
  /** The daily history (generated past + days rolled forward from live data) the executive report reads. */
  history: HistoryReader;
  /** The simulator's event source (the embedded network: its controller remediates through it). */
  generator: EventGenerator;
  automation: AutomationService | null;
  /** Report definitions (with their file problems), the run archive and the scheduler (null without a renderer). */
  reports: ReportsService;
  /** Executive KPI reports (figures for any period from history + raw data, targets from reports/targets.yaml). */
  executive: ExecutiveService;
  /** Users, sessions, API tokens and the audit trail. */
  identity: IdentityService;
  /** Every site with its province and region, to resolve a user's data scope. */
  sites: readonly ScopeSite[];
  startedAtMs: number;
  close(): Promise<void>;
}

/** The state store; for PostgreSQL the error names the setting, never the URL (it may hold a password). */
async function openStateDb(state: RuntimeOptions['state']): Promise<SqlDriver> {
  if (!state.url) return DuckDbDriver.open(state.path);
  try { return await openPgDriver(state.url); } catch (e) {
    throw new Error(`OPSDECK_STATE_URL: cannot connect to PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function openIdentity(db: SqlDriver, o: IdentityOptions): Promise<IdentityService> {
  const store = new IdentityStore(db);
  await store.init();
  const audit = new AuditTrail(db);
  await audit.init();
  return new IdentityService(store, audit, o);
}

export async function startRuntime(o: RuntimeOptions): Promise<Runtime> {
  const t0 = Date.now();
  const lake = await LakeReader.open(o.lakeDir);
  const { manifest } = lake;
  const writerDb = await DuckDBInstance.create(':memory:');
  const writerConn = await writerDb.connect();
  // Acknowledged API events the last process did not flush go into the lake before anything reads it.
  const walDir = path.join(o.lakeDir, '_wal');
  const recovered = await recoverWal(walDir, lake, writerConn);
  if (recovered.segments) o.log.info({ ...recovered }, 'write-ahead log recovered into the lake');
  // Rollups follow the raw days (a lake from before rollups, WAL rows just recovered, a crash between raw and rollup).
  const tRollups = Date.now();
  const rebuiltDays = await ensureRollups(writerConn, o.lakeDir);
  if (rebuiltDays) o.log.info({ days: rebuiltDays, ms: Date.now() - tRollups }, 'rollups rebuilt from raw days');
  const wal = await IngestWal.open(walDir, (err) => o.log.error({ err }, 'write-ahead log write failed'));
  const watermark = await readLiveWatermark(o.lakeDir);
  // Never restart the clock before data we already have, or the simulator would replay it.
  const clock = new SimClock(Math.max(Date.now(), manifest.endMs, watermark ?? 0), o.simSpeed);
  const hot = new HotWindow(o.hotHours, clock.now(), Date.now() * 1000, o.hotMaxBytes ?? Infinity);
  const facts = new FactReader(lake, hot);

  const stateDb = await openStateDb(o.state);
  // Identity and audit get their own connection on an embedded store, so sign-ins never queue behind ticket work.
  const identityDb = stateDb instanceof DuckDbDriver ? await stateDb.fork() : stateDb;
  const identity = await openIdentity(identityDb, o.identity);
  const [siteCols, accountCols] = await Promise.all([
    lake.scan('site', {}, { columns: ['site_id', 'province', 'region'] }), lake.scan('account', {}, { columns: ['account_id'] }),
  ]);
  const sites: ScopeSite[] = siteCols.site_id.map((id, i) => ({ site_id: id, province: siteCols.province[i]!, region: siteCols.region[i]! }));
  // Counts by reason survive restarts and rotation (counts.json); bodies are capped on disk.
  const deadLetters = await DeadLetterStore.open(path.join(o.lakeDir, '_dead_letter'), { maxTotalBytes: o.deadLetterMaxBytes });
  const ingest = new IngestPipeline({
    hot, deadLetters, now: () => clock.now(),
    siteIds: new Set(siteCols.site_id), accountIds: new Set(accountCols.account_id),
  });

  let loaded = 0;
  for (const t of FACT_TABLES) {
    const cols = await lake.scan(t, { fromMs: hot.coverageStartMs }, { orderBy: [TABLES[t].timeColumn] }) as Record<string, unknown[]>;
    loaded += hot.addFromLake(t, cols);
    ingest.rememberExisting(t, cols);
  }
  o.log.info({ rows: loaded, fromMs: hot.coverageStartMs, ms: Date.now() - t0 }, 'hot window loaded from lake');

  const generator = await o.openGenerator(o.lakeDir, manifest);
  const simulator = new SimulatorSource(generator, ingest, clock, {
    startMs: Math.max(watermark ?? manifest.endMs, hot.coverageStartMs),
    tickMs: o.simTickMs,
    onError: (err) => o.log.error({ err }, 'simulator tick failed'),
  });
  const flusher = new LiveFlusher(o.lakeDir, hot, writerConn, () => simulator.cursorMs);
  flusher.onCheckpoint(() => wal.checkpoint());
  const durableIngest = new DurableIngest(ingest, wal);

  const flushTimer = setInterval(() => {
    // Dead letters first: a NATS message dead-lettered since the last flush is acked by this flush's checkpoint.
    void deadLetters.flush().catch((err: unknown) => o.log.error({ err }, 'dead-letter flush failed'))
      .then(() => flusher.flush())
      .then(() => { hot.evict(clock.now()); ingest.evictKeys(); })
      .catch((err: unknown) => o.log.error({ err }, 'lake flush failed'));
  }, o.flushIntervalMs);
  const sessionSweep = setInterval(() => {
    identity.sweepSessions().catch((err: unknown) => o.log.error({ err }, 'session sweep failed'));
  }, 10 * 60_000);
  // Tickets are priced from the rating, which starts after the loop: the valuer is bound once it exists.
  let valuer: TicketValuer | null = null;
  // The closed loop subscribes to ingest before any source starts, so it sees every chunk.
  const automation = o.automation ? await AutomationService.start(
    { facts, ingest, now: () => clock.now(), log: o.log },
    {
      ...o.automation,
      state: stateDb,
      onTicketEvent: (t, e) => auditTicketEvent(identity.audit, t, e, (err) => o.log.error({ err }, 'audit append failed')),
      // The simulated network's present is the simulator cursor (data before it already exists): during a
      // start-up catch-up the clock runs hours ahead of it, and a remediation stamped by the clock would miss.
      controller: controllerFor(generator, () => simulator.cursorMs),
      value: (siteIds) => valuer?.value(siteIds) ?? null,
    },
  ) : null;
  const sources: Source[] = [];
  if (o.simulator !== false) sources.push(simulator);
  let nats: NatsSource | null = null;
  if (o.nats) {
    nats = new NatsSource(ingest, deadLetters, {
      servers: o.nats.url, stream: o.nats.stream, subjectPrefix: o.nats.subjectPrefix, durable: o.nats.durable,
      ackWaitMs: Math.max(30_000, o.flushIntervalMs * 3), maxDeliver: o.nats.maxDeliver,
      onError: (err) => o.log.error({ err }, 'NATS fetch failed'),
    });
    sources.push(nats);
  }
  for (const source of sources) {
    if (source.checkpoint) flusher.onCheckpoint(source.checkpoint.bind(source));
    await source.start();
  }
  if (o.nats) o.log.info({ url: o.nats.url, stream: o.nats.stream, durable: o.nats.durable }, 'consuming events from NATS JetStream');
  const revenue = new RevenueService(lake, () => clock.now(), o.log);
  revenue.start(o.revenueRefreshMs ?? 60_000);
  const noc = new NocService(facts, revenue);
  // Until the first rating the valuer answers null; the heal loop asks again for unpriced tickets every tick.
  if (automation) valuer = new TicketValuer({ noc, now: () => clock.now(), onError: (err) => o.log.error({ err }, 'ticket valuation failed') });
  const history = await HistoryReader.open(o.lakeDir);
  const historyRoll = new HistoryRollForward({
    lakeDir: o.lakeDir, rawStartMs: manifest.startMs, lakeEndMs: manifest.endMs, facts, rating: () => revenue.snapshot,
    tickets: automation ? new TicketStore(stateDb) : null, history, log: o.log,
  });
  // Cheap when nothing completed: a few directory listings; writes follow the first rating after a day completes.
  historyRoll.start(10_000);
  const reports = await ReportsService.open({
    dir: o.reports?.dir ?? DEFAULT_REPORTS_DIR,
    archiveDir: o.reports?.archiveDir ?? path.join(path.dirname(o.state.path), 'report-archive'),
    webhookAllowlist: o.reports?.webhookAllowlist ?? [], webhookSecret: o.reports?.webhookSecret ?? null,
    db: stateDb, now: () => clock.now(), resolveScope: (scope) => resolveDataScope(scope, sites), log: o.log,
    renderer: o.reports?.renderer ?? null,
  });
  const targets = await loadTargetsOrNone(path.join(o.reports?.dir ?? DEFAULT_REPORTS_DIR, 'targets.yaml'), o.log);
  const executive = new ExecutiveService({
    facts, rating: revenue, tickets: automation ? stateDb : null, history, sites, now: () => clock.now(),
    definitions: new ReportDefinitionList(reports.definitions), targets: () => targets,
  });
  // Scheduled reports render through the same service the page reads (no-op without a renderer, e.g. the CLI).
  await reports.startScheduler(executive);
  // Judge the raw days once the start-up work is done, so the first report finds them ready.
  const executiveWarmUp = setTimeout(() => void executive.warm().catch((err: unknown) => o.log.error({ err }, 'executive warm-up failed')), 15_000);
  executiveWarmUp.unref?.();

  const startedAtMs = Date.now();
  return {
    lake, hot, facts, ingest, durableIngest, wal, deadLetters, simulator, sources, clock,
    catalog: new DataCatalog(facts, clock),
    status: new StatusService({ startedAtMs, clock, hot, ingest, deadLetters, flusher, simulator, nats }),
    noc,
    revenue,
    history,
    generator, automation, identity, sites, reports, executive,
    startedAtMs,
    async close() {
      clearInterval(flushTimer);
      clearInterval(sessionSweep);
      clearTimeout(executiveWarmUp);
      revenue.close();
      await revenue.idle();
      await historyRoll.close();
      history.close();
      for (const source of sources) await source.stop();
      await automation?.close();
      await reports.close();
      await identity.audit.idle();
      if (identityDb !== stateDb) await identityDb.close();
      await stateDb.close();
      // After the sources stopped: the final flush still checkpoints (e.g. acks) what they fed.
      await flusher.flush();
      await wal.close();
      for (const source of sources) await source.close?.();
      await deadLetters.flush();
      await generator.close?.();
      writerConn.closeSync();
      writerDb.closeSync();
      lake.close();
    },
  };
}

