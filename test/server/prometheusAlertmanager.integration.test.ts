// OpsDeck with the real tools: Debian's Prometheus scrapes /metrics (basic_auth as admin) and queries OpsDeck's series;
// Debian's Alertmanager delivers a firing alert to /alertmanager/webhook (basic_auth as a producer), which becomes an
// open alarm of its site, and then the resolved alert, which clears it. promtool lints the exposition. Skipped, with
// the reason printed, only where test/ensurePrometheus.sh cannot install the tools (no apt-get, no root).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTracked, type TrackedChild } from '../processRegistry.js';
import { makeTempDir, startTestServer, type TestServer } from './testServer.js';

const TOOLS = ['prometheus', 'promtool', 'prometheus-alertmanager'] as const;
const ADMIN_PASSWORD = 'test-admin-password';
const PRODUCER = { username: 'alertmanager', password: 'alertmanager-producer-password' };

const onPath = (bin: string) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
  try { accessSync(path.join(dir, bin), constants.X_OK); return true; } catch { return false; }
});
const missingTools = () => TOOLS.filter((b) => !onPath(b));

/** Installs the tools when missing (as `npm test` does first); a reason to skip only if this machine cannot install them. */
function ensureTools(): string | null {
  if (!missingTools().length) return null;
  const r = spawnSync('sh', [path.join(import.meta.dirname, '..', 'ensurePrometheus.sh')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`test/ensurePrometheus.sh failed (exit ${r.status}): ${r.stderr}`);
  const still = missingTools();
  return still.length ? `${still.join(', ')} not installed: ${r.stderr.trim() || 'see test/ensurePrometheus.sh'}` : null;
}

const skipReason = ensureTools();
if (skipReason) console.warn(`[prometheusAlertmanager] skipped: ${skipReason}`);

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = net.createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
});

describe.skipIf(skipReason !== null)('Prometheus and Alertmanager against a real OpsDeck', () => {
  let ts: TestServer;
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  const children: TrackedChild[] = [];
  /** The last output of each tool, shown when a wait times out. */
  const output = new Map<string, string[]>();
  let prometheus = '';
  let alertmanager = '';

  function start(name: string, command: string, args: string[]): void {
    const { child, tracked } = spawnTracked(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(tracked);
    const tail: string[] = [];
    output.set(name, tail);
    const keep = (b: Buffer) => { tail.push(b.toString()); if (tail.length > 40) tail.shift(); };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 45_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown = null;
    while (Date.now() < deadline) {
      try { const v = await probe(); if (v) return v; } catch (e) { last = e; }
      await new Promise((r) => setTimeout(r, 250));
    }
    const logs = [...output].map(([n, lines]) => `--- ${n}\n${lines.join('').slice(-3000)}`).join('\n');
    throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\n${logs}`);
  }

  const getJson = async <T>(url: string): Promise<T> => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json() as Promise<T>;
  };
  type Vector = { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  const query = (q: string) => getJson<Vector>(`${prometheus}/api/v1/query?query=${encodeURIComponent(q)}`).then((r) => r.data.result);

  beforeAll(async () => {
    tmp = await makeTempDir('opsdeck-prom-');
    ts = await startTestServer(path.join(tmp.dir, 'lake'), { OPSDECK_ADMIN_PASSWORD: ADMIN_PASSWORD });
    await ts.server.rt.identity.admin.createUser('test', { ...PRODUCER, displayName: 'Alertmanager', roles: ['producer'], scope: null }, null);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) await c.stop(2000);
    await ts?.server.close();
    await tmp?.cleanup();
  });

  it('Prometheus scrapes OpsDeck; an Alertmanager alert raises an alarm of its site and its resolution clears it', async () => {
    const opsdeckAddress = new URL(ts.server.url);
    const opsdeckTarget = `127.0.0.1:${opsdeckAddress.port}`;

    // The exposition passes Prometheus' own linter.
    const text = await (await fetch(`${ts.server.url}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } })).text();
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);

    const promPort = await freePort();
    const promConfig = path.join(tmp.dir, 'prometheus.yml');
    writeFileSync(promConfig, stringify({
      // Scrape timeout = interval: a loaded CI machine may take longer than a second to answer one scrape.
      global: { scrape_interval: '2s', scrape_timeout: '2s' },
      scrape_configs: [{
        job_name: 'opsdeck', metrics_path: '/metrics', basic_auth: { username: 'admin', password: ADMIN_PASSWORD },
        static_configs: [{ targets: [opsdeckTarget] }],
      }],
    }));
    start('prometheus', 'prometheus', [
      `--config.file=${promConfig}`, `--storage.tsdb.path=${path.join(tmp.dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn',
    ]);
    prometheus = `http://127.0.0.1:${promPort}`;
    type Targets = { data: { activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] } };
    await waitFor('Prometheus to report the OpsDeck target up', async () =>
      (await getJson<Targets>(`${prometheus}/api/v1/targets`)).data.activeTargets.find((t) => t.labels.job === 'opsdeck' && t.health === 'up'));
    const ingested = await waitFor('opsdeck_ingest_events_total in Prometheus', async () => {
      const r = await query('opsdeck_ingest_events_total');
      return r.length === 3 && r;
    });
    expect(ingested.map((s) => s.metric.table).sort()).toEqual(['alarm', 'kpi', 'usage']);
    expect(Number(ingested.find((s) => s.metric.table === 'kpi')!.value[1])).toBeGreaterThan(0);
    expect((await query('opsdeck_build_info'))[0]?.metric).toMatchObject({ job: 'opsdeck', version: '0.1.0' });
    expect((await query('opsdeck_tickets')).map((s) => s.metric.state).sort()).toEqual(['acting', 'escalated', 'open', 'resolved', 'verifying']);

    const amPort = await freePort();
    const amConfig = path.join(tmp.dir, 'alertmanager.yml');
    writeFileSync(amConfig, stringify({
      route: { receiver: 'opsdeck', group_by: ['alertname', 'site_id'], group_wait: '1s', group_interval: '1s', repeat_interval: '1h' },
      receivers: [{
        name: 'opsdeck',
        webhook_configs: [{
          url: `http://${opsdeckTarget}/alertmanager/webhook`, send_resolved: true,
          http_config: { basic_auth: { username: PRODUCER.username, password: PRODUCER.password } },
        }],
      }],
    }));
    start('alertmanager', 'prometheus-alertmanager', [
      `--config.file=${amConfig}`, `--storage.path=${path.join(tmp.dir, 'alertmanager-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=', '--log.level=warn',
    ]);
    alertmanager = `http://127.0.0.1:${amPort}`;
    await waitFor('Alertmanager to be ready', async () => (await fetch(`${alertmanager}/-/ready`)).ok);

    const [byId, byName] = await ts.trpc.noc.sites.query();
    const summary = `integration fibre cut ${Date.now()}`;
    const startsAt = new Date().toISOString();
    const alerts = (endsAt?: string) => [
      { labels: { alertname: 'OpsDeckIntegration', site_id: String(byId!.site_id), severity: 'critical' }, annotations: { summary }, startsAt, ...(endsAt ? { endsAt } : {}) },
      { labels: { alertname: 'OpsDeckIntegration', site: byName!.name, severity: 'warning' }, annotations: { summary }, startsAt, ...(endsAt ? { endsAt } : {}) },
    ];
    const postAlerts = async (body: unknown) => {
      const res = await fetch(`${alertmanager}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, await res.text()).toBe(200);
    };
    const openAlarm = async (siteId: number) =>
      (await ts.trpc.noc.siteDetail.query({ siteId, windowMs: 3_600_000 })).openAlarms.find((a) => a.probableCause === summary);

    await postAlerts(alerts());
    const raisedA = await waitFor('the firing alert to become an open alarm of its site (site_id label)', () => openAlarm(byId!.site_id));
    expect(raisedA).toMatchObject({ severity: 'critical', tsMs: Date.parse(startsAt) });
    expect(await waitFor('the alert labelled with a site name to become an alarm of that site', () => openAlarm(byName!.site_id)))
      .toMatchObject({ severity: 'warning' });

    await postAlerts(alerts(new Date().toISOString()));
    await waitFor('the resolved alert to clear the alarm', async () => !(await openAlarm(byId!.site_id)) && !(await openAlarm(byName!.site_id)));

    // The loop closes in Prometheus: it sees OpsDeck count the alerts Alertmanager delivered (2 raises, 2 clears).
    await waitFor('Prometheus to see the accepted alerts', async () =>
      Number((await query('opsdeck_alertmanager_alerts_total{outcome="accepted"}'))[0]?.value[1] ?? 0) >= 4);
  }, 180_000);
});
