// Wires the embedded pipeline: lake -> hot window, sources (simulator, NATS) -> ingest -> hot window -> lake flushes.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { FastifyBaseLogger } from 'fastify';
import { FACT_TABLES, TABLES } from '../schema/tables.js';
import { openPgDriver } from '../pipelines/heal/pgDriver.js';
import { HotWindow } from '../pipelines/hot/hotWindow.js';
import { DeadLetterStore } from '../pipelines/ingest/deadLetterStore.js';
import { IngestPipeline } from '../pipelines/ingest/ingestPipeline.js';
import { FactReader } from '../pipelines/lake/factReader.js';
import { LakeReader } from '../pipelines/lake/lakeReader.js';
import type { LakeManifest } from '../pipelines/lake/lakeLayout.js';
import { LiveFlusher, readLiveWatermark } from '../pipelines/lake/liveFlusher.js';
import { SimClock } from '../pipelines/sources/simClock.js';
import { SimulatorSource } from '../pipelines/sources/simulatorSource.js';
import { NatsSource } from '../pipelines/sources/natsSource.js';
import type { Source } from '../pipelines/sources/source.js';
import type { EventGenerator } from '../pipelines/sources/eventGenerator.js';
import { DataCatalog } from './data/dataCatalog.js';
import { NocService } from './noc/nocService.js';
import { RevenueService } from './revenue/revenueService.js';
import { AutomationService } from './automation/automationService.js';
import { controllerFor } from './automation/controllerFor.js';
import { StatusService } from './status/statusService.js';

export interface RuntimeOptions {
  lakeDir: string;
  hotHours: number;
  simSpeed: number;
  simTickMs: number;
  flushIntervalMs: number;
  revenueRefreshMs?: number;
  /** Run the embedded simulator (off when a real source such as NATS feeds the product). */
  simulator?: boolean;
  nats?: { url: string; stream: string; subjectPrefix: string; durable: string } | null;
  openGenerator: (lakeDir: string, manifest: LakeManifest) => Promise<EventGenerator & { close?: () => void | Promise<void> }>;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** The closed loop (detectors, rules, tickets); null turns it off. Tickets and rules go to PostgreSQL at `stateUrl` if set, else to the DuckDB file `statePath`. */
  automation?: { rulesDir: string; statePath: string; stateUrl?: string | null; webhookUrl: string | null } | null;
}

export interface Runtime {
  lake: LakeReader;
  hot: HotWindow;
  /** Every reader of fact rows goes through this (lake below the hot window, hot window from it on). */
  facts: FactReader;
  ingest: IngestPipeline;
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
  /** The simulator's event source (the embedded network: its controller remediates through it). */
  generator: EventGenerator;
  automation: AutomationService | null;
  startedAtMs: number;
  close(): Promise<void>;
}

/** The production ticket/rule store; the error names the setting, never the URL (it may hold a password). */
async function openStateDb(url: string) {
  try { return await openPgDriver(url); } catch (e) {
    throw new Error(`OPSDECK_STATE_URL: cannot connect to PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function startRuntime(o: RuntimeOptions): Promise<Runtime> {
  const t0 = Date.now();
  const lake = await LakeReader.open(o.lakeDir);
  const { manifest } = lake;
  const watermark = await readLiveWatermark(o.lakeDir);
  // Never restart the clock before data we already have, or the simulator would replay it.
  const clock = new SimClock(Math.max(Date.now(), manifest.endMs, watermark ?? 0), o.simSpeed);
  const hot = new HotWindow(o.hotHours, clock.now(), Date.now() * 1000);
  const facts = new FactReader(lake, hot);

  const [siteCols, accountCols] = await Promise.all([
    lake.scan('site', {}, { columns: ['site_id'] }), lake.scan('account', {}, { columns: ['account_id'] }),
  ]);
  const deadLetters = new DeadLetterStore(path.join(o.lakeDir, '_dead_letter'));
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
  const writerDb = await DuckDBInstance.create(':memory:');
  const writerConn = await writerDb.connect();
  const flusher = new LiveFlusher(o.lakeDir, hot, writerConn, () => simulator.cursorMs);

  const flushTimer = setInterval(() => {
    void flusher.flush()
      .then(() => { hot.evict(clock.now()); ingest.evictKeys(); return deadLetters.flush(); })
      .catch((err: unknown) => o.log.error({ err }, 'lake flush failed'));
  }, o.flushIntervalMs);
  // The closed loop subscribes to ingest before any source starts, so it sees every chunk.
  const automation = o.automation ? await AutomationService.start(
    { facts, ingest, now: () => clock.now(), log: o.log },
    {
      ...o.automation,
      state: o.automation.stateUrl ? await openStateDb(o.automation.stateUrl) : o.automation.statePath,
      // The simulated network's present is the simulator cursor (data before it already exists): during a
      // start-up catch-up the clock runs hours ahead of it, and a remediation stamped by the clock would miss.
      controller: controllerFor(generator, () => simulator.cursorMs),
    },
  ) : null;
  const sources: Source[] = [];
  if (o.simulator !== false) sources.push(simulator);
  let nats: NatsSource | null = null;
  if (o.nats) {
    nats = new NatsSource(ingest, deadLetters, {
      servers: o.nats.url, stream: o.nats.stream, subjectPrefix: o.nats.subjectPrefix, durable: o.nats.durable,
      ackWaitMs: Math.max(30_000, o.flushIntervalMs * 3),
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

  const startedAtMs = Date.now();
  return {
    lake, hot, facts, ingest, deadLetters, simulator, sources, clock,
    catalog: new DataCatalog(facts, clock),
    status: new StatusService({ startedAtMs, clock, hot, ingest, deadLetters, flusher, simulator, nats }),
    noc: new NocService(facts, revenue),
    revenue,
    generator, automation,
    startedAtMs,
    async close() {
      clearInterval(flushTimer);
      revenue.close();
      await revenue.idle();
      for (const source of sources) await source.stop();
      await automation?.close();
      // After the sources stopped: the final flush still checkpoints (e.g. acks) what they fed.
      await flusher.flush();
      for (const source of sources) await source.close?.();
      await deadLetters.flush();
      await generator.close?.();
      writerConn.closeSync();
      writerDb.closeSync();
      lake.close();
    },
  };
}

