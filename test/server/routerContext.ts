// A real runtime on a tiny generated lake, without HTTP and with no source running (counts stay put): the context
// domain routers are called with through tRPC's createCaller.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import type { LakeManifest } from '../../pipelines/lake/lakeLayout.js';
import { DEFAULT_RULES_DIR } from '../../pipelines/rules/ruleLoader.js';
import { openEventModel } from '../../pipelines/simulator/eventModel.js';
import { LiveHub } from '../../server/live/liveHub.js';
import { startRuntime } from '../../server/runtime.js';
import type { TrpcContext } from '../../server/trpc/trpc.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

export interface RouterContext { ctx: TrpcContext; lakeDir: string; manifest: LakeManifest; close(): Promise<void> }

export async function startRouterContext(o: { automation?: boolean } = {}): Promise<RouterContext> {
  const { dir, manifest } = await tinyLake();
  const rt = await startRuntime({
    lakeDir: dir, hotHours: 24, simSpeed: 1, simTickMs: 1000, flushIntervalMs: 60_000, revenueRefreshMs: 3_600_000,
    simulator: false, nats: null,
    openGenerator: (_dir, m) => openEventModel(m),
    log: pino({ level: 'silent' }),
    automation: o.automation ? { rulesDir: DEFAULT_RULES_DIR, statePath: `${dir}-state.duckdb`, webhookUrl: null } : null,
  });
  const hub = new LiveHub(rt.hot);
  return {
    ctx: { rt, hub }, lakeDir: dir, manifest,
    async close() {
      hub.closeAll();
      await rt.close();
      await rm(path.dirname(dir), { recursive: true, force: true });
    },
  };
}
