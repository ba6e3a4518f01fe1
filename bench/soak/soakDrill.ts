// The reliability drill: ingest producers, live WebSocket clients, snapshot readers and a /healthz prober run
// against the real server while it is killed with SIGKILL at random moments and started again; afterwards the
// lake and the ticket store are checked (sent / acknowledged / stored / duplicated / lost).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import WebSocket from 'ws';
import { freePort } from '../serverProcess.js';
import { peakRssBytes } from '../processMemory.js';
import { tableGlob } from '../../pipelines/lake/lakeLayout.js';
import { decodeLiveFrame } from '../../schema/dataPlane.js';
import { IngestProducer } from './ingestProducer.js';
import { checkEvents, checkTickets, withDb, type EventCheck, type TicketCheck } from './soakCheck.js';
import { startSoakServer, type SoakServerProcess } from './soakServer.js';

export interface DrillOptions {
  repoRoot: string;
  /** Holds the lake (generated on the first start) and the state file. */
  workDir: string;
  durationMs: number;
  restarts: number;
  lake: { sites: number; accounts: number; days: number };
  producers: number;
  batch: number;
  liveClients: number;
  snapshotReaders: number;
  flushIntervalMs: number;
  /** Simulated ms per wall ms: above 1 the drill also covers faults, tickets and remediations. */
  simSpeed?: number;
  onSpawn?: (child: ChildProcess) => void;
  log?: (msg: string) => void;
}

export interface DrillReport {
  durationSec: number;
  restarts: number;
  events: { sent: number } & EventCheck & { retriedAttempts: number; duplicatesReportedOnRetry: number; badSent: number; badRejected: number; inconsistentAnswers: number };
  tickets: TicketCheck & { seen: number };
  live: { frames: number; rows: number; reconnects: number };
  snapshots: { completed: number; failed: number };
  healthz: { samples: number; p50Ms: number; p99Ms: number; maxMs: number; failuresWhileUp: number };
  rssPeakBytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function dimensionIds(lakeDir: string): Promise<{ sites: number[]; accounts: number[] }> {
  return withDb(':memory:', async (run) => {
    const read = async (t: 'site' | 'account', c: string) => (await run(`SELECT ${c}::DOUBLE AS id FROM read_parquet('${tableGlob(lakeDir, t)}') ORDER BY 1`))
      .map((r) => Number(r.id));
    return { sites: await read('site', 'site_id'), accounts: await read('account', 'account_id') };
  });
}

async function trpcGet<T>(url: string, auth: string, proc: string, input?: unknown): Promise<T> {
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${url}/trpc/${proc}${q}`, { headers: { authorization: auth }, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`${proc}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

export async function runDrill(o: DrillOptions): Promise<DrillReport> {
  const log = o.log ?? (() => {});
  const lakeDir = path.join(o.workDir, 'lake');
  const port = await freePort();
  const adminPassword = randomBytes(18).toString('base64url');
  const env = {
    OPSDECK_FLUSH_INTERVAL_MS: String(o.flushIntervalMs), OPSDECK_SIM_SPEED: String(o.simSpeed ?? 1),
    OPSDECK_SITES: String(o.lake.sites), OPSDECK_ACCOUNTS: String(o.lake.accounts), OPSDECK_DAYS: String(o.lake.days),
  };
  const start = () => startSoakServer({ repoRoot: o.repoRoot, lakeDir, port, adminPassword, env, onSpawn: o.onSpawn });
  let server: SoakServerProcess | null = null;
  // Whatever happens to the drill (error, Ctrl-C), no server it started outlives it.
  const killOnExit = () => { if (server) try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killOnExit);
  try {
    return await drill();
  } finally {
    killOnExit();
    process.removeListener('exit', killOnExit);
  }

  async function drill(): Promise<DrillReport> {
    server = await start();
    let rssPeak = peakRssBytes(server.pid);
    log(`server up at ${server.url} (pid ${server.pid})`);

    // Scripts use an API token (Basic credentials are for a one-off call: they cost a password hash each time).
    const basic = `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}`;
    const issued = await fetch(`${server.url}/trpc/admin.issueToken`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: basic },
      body: JSON.stringify({ username: 'admin', label: 'soak drill', expiresInDays: 1 }),
    });
    if (!issued.ok) throw new Error(`issuing an API token failed: HTTP ${issued.status} ${await issued.text()}`);
    const authorization = `Bearer ${((await issued.json()) as { result: { data: { secret: string } } }).result.data.secret}`;

    let offsetMs = 0;
    const syncClock = async (url: string) => {
      const s = await trpcGet<{ nowMs: number }>(url, authorization, 'status');
      offsetMs = s.nowMs - Date.now();
    };
    await syncClock(server.url);
    const dims = await dimensionIds(lakeDir);
    const up = () => server?.url ?? null;

    const idBase = 4_000_000_000_000_000 + (Date.now() % 1_000_000) * 1_000_000;
    const idSpan = 100_000_000;
    const producers = Array.from({ length: o.producers }, (_, i) => new IngestProducer({
      target: { url: up, authorization, clockOffsetMs: () => offsetMs },
      siteIds: dims.sites, accountIds: dims.accounts, idBase: idBase + i * idSpan, batch: o.batch, withBadEvent: true, pauseMs: 20,
    }));
    for (const p of producers) p.start();

    let stopping = false;
    const sockets = new Set<WebSocket>();
    const live = { frames: 0, rows: 0, reconnects: 0 };
    const liveLoops = Array.from({ length: o.liveClients }, async () => {
      while (!stopping) {
        const url = up();
        if (!url) { await sleep(300); continue; }
        await new Promise<void>((resolve) => {
          const ws = new WebSocket(`${url.replace('http', 'ws')}/live`, { headers: { authorization } });
          sockets.add(ws);
          // From the server's present on (a snapshot would cover the past): its seq, as a page gets it with a snapshot.
          ws.on('open', () => void trpcGet<{ seq: number }>(url, authorization, 'status').then(
            (st) => ws.send(JSON.stringify({ type: 'subscribe', tables: ['usage', 'kpi', 'alarm'], afterSeq: st.seq, maxInFlight: 8 })),
            () => ws.terminate()));
          ws.on('message', (data, isBinary) => {
            // A resync (fell behind, server restarted) means a new subscription, as the browser does after a re-snapshot.
            if (!isBinary) { if ((JSON.parse(String(data)) as { type: string }).type === 'resync') ws.terminate(); return; }
            const { header } = decodeLiveFrame(new Uint8Array(data as Buffer));
            live.frames++; live.rows += header.rows;
            ws.send(JSON.stringify({ type: 'ack', seq: header.seq }));
          });
          ws.on('error', () => {});
          ws.on('close', () => { sockets.delete(ws); resolve(); });
        });
        live.reconnects++;
        await sleep(300);
      }
    });

    const snapshots = { completed: 0, failed: 0 };
    const snapshotLoops = Array.from({ length: o.snapshotReaders }, async () => {
      while (!stopping) {
        const url = up();
        if (!url) { await sleep(300); continue; }
        try {
          const from = Date.now() + offsetMs - 3_600_000;
          const res = await fetch(`${url}/data/kpi?from=${from}`, { headers: { authorization }, signal: AbortSignal.timeout(60_000) });
          if (res.ok) { await res.arrayBuffer(); snapshots.completed++; } else { await res.arrayBuffer(); snapshots.failed++; }
        } catch { snapshots.failed++; }
        await sleep(500);
      }
    });

    const healthLatencies: number[] = [];
    let healthFailuresWhileUp = 0;
    const healthLoop = (async () => {
      while (!stopping) {
        const url = up();
        if (url) {
          const t0 = performance.now();
          try {
            const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
            await res.arrayBuffer();
            // Only while the same process is up: a kill in the middle of a probe is the drill's doing, not a stall.
            if (up() === url && res.ok) healthLatencies.push(performance.now() - t0); else if (up() === url) healthFailuresWhileUp++;
          } catch { if (up() === url) healthFailuresWhileUp++; }
        }
        rssPeak = Math.max(rssPeak, server ? peakRssBytes(server.pid) : 0);
        await sleep(200);
      }
    })();

    const seenTickets = new Set<number>();
    const ticketLoop = (async () => {
      while (!stopping) {
        const url = up();
        if (url) {
          try {
            const r = await trpcGet<{ tickets: { ticketId: number }[] }>(url, authorization, 'automation.tickets', { limit: 1000 });
            for (const t of r.tickets) seenTickets.add(t.ticketId);
            // Product time runs at the simulator's speed: producers stamp events by it.
            await syncClock(url);
          } catch { /* down or restarting: the next round reads again */ }
        }
        await sleep(3_000);
      }
    })();

    // Kill moments: one per equal slice of the run, at a random point inside it.
    const t0 = Date.now();
    const slice = o.durationMs / (o.restarts + 1);
    for (let k = 0; k < o.restarts; k++) {
      const at = t0 + slice * (k + 0.5 + Math.random() * 0.5);
      await sleep(Math.max(0, at - Date.now()));
      const victim: SoakServerProcess = server!;
      rssPeak = Math.max(rssPeak, peakRssBytes(victim.pid));
      server = null;
      await victim.kill9();
      log(`kill -9 #${k + 1} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      server = await start();
      await syncClock(server.url).catch(() => {});
      log(`restarted (pid ${server.pid})`);
    }
    await sleep(Math.max(0, t0 + o.durationMs - Date.now()));
    for (const p of producers) await p.stop();
    stopping = true;
    for (const ws of sockets) ws.terminate();
    await Promise.all([...liveLoops, ...snapshotLoops, healthLoop, ticketLoop]);
    rssPeak = Math.max(rssPeak, peakRssBytes(server!.pid));
    await server!.stop();
    server = null;
    log('stopped; checking the lake and the ticket store');

    const acked = new Set<number>();
    for (const p of producers) for (const id of p.acked) acked.add(id);
    const ev = await checkEvents(lakeDir, idBase, idBase + o.producers * idSpan, acked);
    const tickets = await checkTickets(`${lakeDir}-state.duckdb`, seenTickets);
    const sum = (f: (p: IngestProducer) => number) => producers.reduce((a, p) => a + f(p), 0);
    return {
      durationSec: Math.round((Date.now() - t0) / 1000),
      restarts: o.restarts,
      events: {
        sent: sum((p) => p.stats.sent), ...ev,
        retriedAttempts: sum((p) => p.stats.failedAttempts + p.stats.throttled),
        duplicatesReportedOnRetry: sum((p) => p.stats.duplicatesReported),
        badSent: sum((p) => p.stats.badSent), badRejected: sum((p) => p.stats.badRejected),
        inconsistentAnswers: sum((p) => p.stats.inconsistentAnswers),
      },
      tickets: { ...tickets, seen: seenTickets.size },
      live, snapshots,
      healthz: {
        samples: healthLatencies.length, p50Ms: Math.round(quantile(healthLatencies, 0.5)), p99Ms: Math.round(quantile(healthLatencies, 0.99)),
        maxMs: Math.round(Math.max(0, ...healthLatencies)), failuresWhileUp: healthFailuresWhileUp,
      },
      rssPeakBytes: rssPeak,
    };
  }
}
