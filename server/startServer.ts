// Starts the whole embedded product: lake (generated if missing), pipeline runtime, HTTP server.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { openEventModel } from '../pipelines/simulator/eventModel.js';
import { buildApp } from './app.js';
import type { ServerConfig } from './config.js';
import { ensureLake } from './ensureLake.js';
import { startRuntime, type Runtime } from './runtime.js';
import type { LiveHub } from './live/liveHub.js';
import { PdfRenderer } from './reports/pdfRenderer.js';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  rt: Runtime;
  hub: LiveHub;
  close(): Promise<void>;
}

/** Optional extension point, e.g. a harness adding its own routes to the real app before it listens. */
export interface StartServerHooks {
  beforeListen?: (app: FastifyInstance, rt: Runtime) => Promise<void> | void;
}

export async function startServer(cfg: ServerConfig, hooks: StartServerHooks = {}): Promise<RunningServer> {
  const bootLog = (msg: string) => { if (cfg.logLevel !== 'silent') process.stderr.write(`[opsdeck] ${msg}\n`); };
  await ensureLake(cfg.lakeDir, cfg.defaultLake, bootLog);
  const log = pino({ level: cfg.logLevel });
  // One Chromium for the whole server (launched on the first rendering): the scheduler and the report routes share it.
  const reportRenderer = new PdfRenderer({ clientDir: cfg.clientDir, log });
  const rt = await startRuntime({
    lakeDir: cfg.lakeDir, hotHours: cfg.hotHours, hotMaxBytes: cfg.hotMaxBytes, simSpeed: cfg.simSpeed, simTickMs: cfg.simTickMs,
    flushIntervalMs: cfg.flushIntervalMs, deadLetterMaxBytes: cfg.deadLetterMaxBytes, revenueRefreshMs: cfg.revenueRefreshMs, simulator: cfg.simulator, nats: cfg.nats,
    openGenerator: (_dir, manifest) => openEventModel(manifest),
    log,
    state: cfg.state,
    identity: cfg.identity,
    automation: cfg.automation,
    reports: { ...cfg.reports, renderer: reportRenderer },
  });
  const first = await rt.identity.bootstrap(cfg.identity.adminPassword);
  // Printed once, on the first start only: the hash is all that is kept.
  if (first.generatedPassword) {
    process.stdout.write(`\nOpsDeck first start: created user 'admin' with password ${first.generatedPassword}\n` +
      '  (shown only this once; sign in and change it, or set OPSDECK_ADMIN_PASSWORD)\n\n');
  } else if (first.created) bootLog("created user 'admin' with the password in OPSDECK_ADMIN_PASSWORD");
  const { app, hub } = await buildApp(rt, { clientDir: cfg.clientDir, logger: log, liveHighWaterBytes: cfg.liveHighWaterBytes,
    sessionTtlMs: cfg.identity.sessionTtlMs, oidc: cfg.identity.oidc, reportRenderer, limits: cfg.limits,
  });
  await hooks.beforeListen?.(app, rt);
  const address = await app.listen({ port: cfg.port, host: cfg.host });
  const port = new URL(address).port;
  return {
    url: `http://localhost:${port}`, app, rt, hub,
    async close() { await app.close(); await rt.close(); await reportRenderer.close(); },
  };
}
