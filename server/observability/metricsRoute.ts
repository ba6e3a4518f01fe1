// `GET /metrics`: the pipeline's counters in the Prometheus text format, for users holding `status.read`
// (Prometheus scrapes with basic_auth or a bearer API token like any script).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AlertmanagerReceiverStats } from '../alertmanager/alertmanagerRoute.js';
import type { AuthUser } from '../identity/identityService.js';
import type { DataScope } from '../identity/dataScope.js';
import type { LiveHub } from '../live/liveHub.js';
import type { Runtime } from '../runtime.js';
import { opsdeckMetricFamilies, type MetricsSnapshot } from './opsdeckMetrics.js';
import { PROM_TEXT_CONTENT_TYPE, renderPromText } from './promText.js';

export const METRICS_PATH = '/metrics';

export interface MetricsRouteDeps {
  rt: Runtime;
  hub: LiveHub;
  alertmanager: AlertmanagerReceiverStats;
  scopeOf: (user: AuthUser | null) => DataScope;
}

function packageVersion(): string {
  try {
    const v = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : 'unknown';
  } catch { return 'unknown'; }
}

async function snapshot(d: MetricsRouteDeps, build: MetricsSnapshot['build'], scope: DataScope): Promise<MetricsSnapshot> {
  const { rt, hub } = d;
  const status = rt.status.report(hub.stats());
  const automation = rt.automation
    ? { status: rt.automation.status(), tickets: await rt.automation.tickets.counts(scope) }
    : null;
  return {
    build, startedAtMs: rt.startedAtMs, wallNowMs: Date.now(),
    acceptedByTable: { ...rt.ingest.acceptedByTable },
    deadLettersByReason: status.ingest.deadLetterByReason,
    unflushedRows: rt.hot.unflushed().reduce((n, c) => n + c.data.numRows, 0),
    flushedRows: status.ingest.flushedRows,
    wal: { ...rt.wal.stats },
    hot: { bytes: status.hot.bytes, budgetEvictions: status.hot.budgetEvictions },
    live: status.live,
    nats: status.nats,
    automation,
    alertmanager: { ...d.alertmanager },
  };
}

export function registerMetricsRoute(app: FastifyInstance, d: MetricsRouteDeps): void {
  const build = { version: packageVersion(), node: process.version };
  app.get(METRICS_PATH, { config: { permission: 'status.read' } }, async (req, reply) => {
    const text = renderPromText(opsdeckMetricFamilies(await snapshot(d, build, d.scopeOf(req.user))));
    return reply.header('content-type', PROM_TEXT_CONTENT_TYPE).header('cache-control', 'no-store').send(text);
  });
}
