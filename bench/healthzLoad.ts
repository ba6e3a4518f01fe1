// /healthz latency while the server is idle and under load (re-rating, live WebSocket clients, /data/kpi snapshots,
// ingest calls): the event loop's responsiveness, probed from a worker thread so the load clients cannot skew it.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { tableFromIPC } from 'apache-arrow';
import WebSocket from 'ws';
import { CSRF_HEADER } from '../schema/access.js';
import { decodeLiveFrame, LIVE_PATH, type LiveSubscribe } from '../schema/dataPlane.js';
import { percentile, round3, type BenchRecord } from './benchRecord.js';
import type { BenchServer } from './serverProcess.js';

export interface HealthzLoadOptions {
  server: BenchServer;
  /** Seconds right after the server listens, probed as their own phase (start-up work) before the idle phase. */
  warmupSeconds: number;
  /** Seconds of probing per phase. */
  seconds: number;
  /** Live WebSocket clients during the load phase. */
  clients: number;
  /** Concurrent /data/kpi snapshot loops (the last 24 h, as a page's first load asks) during the load phase. */
  snapshots: number;
  /** The default rules file that the dry-run phase replays (24 h of the hot window), or null to skip that phase. */
  dryRunRulesFile: string | null;
  /** Usage events per ingest call (one call every ingestEveryMs). */
  ingestBatch: number;
  ingestEveryMs: number;
  extra: Record<string, string | number>;
}

const DAY_MS = 86_400_000;

interface ProbeResult { samples: number[]; timeouts: number; errors: number }

/**
 * The prober: plain JS in a worker thread (no loader needed), one GET /healthz at a time on a kept-alive
 * connection every `gapMs`; a request that takes longer than `timeoutMs` counts as that long.
 */
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, durationMs, gapMs, timeoutMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const samples = []; let timeouts = 0, errors = 0;
const once = () => new Promise((resolve) => {
  const t0 = performance.now();
  let done = false;
  const finish = (ok) => { if (done) return; done = true; samples.push(performance.now() - t0); if (!ok) errors++; resolve(); };
  const req = http.get(url, { agent }, (res) => { res.resume(); res.on('end', () => finish(res.statusCode === 200)); res.on('error', () => finish(false)); });
  req.setTimeout(timeoutMs, () => { timeouts++; req.destroy(); finish(false); });
  req.on('error', () => finish(false));
});
(async () => {
  const end = performance.now() + durationMs;
  while (performance.now() < end) { await once(); await new Promise((r) => setTimeout(r, gapMs)); }
  agent.destroy();
  parentPort.postMessage({ samples, timeouts, errors });
})();
`;

function probe(base: string, durationMs: number): Promise<ProbeResult> {
  const w = new Worker(PROBE_SOURCE, { eval: true, workerData: { url: `${base}/healthz`, durationMs, gapMs: 20, timeoutMs: 30_000 } });
  return new Promise((resolve, reject) => {
    w.once('message', (m: ProbeResult) => { resolve(m); void w.terminate(); });
    w.once('error', reject);
  });
}

function latencyRecords(phase: string, r: ProbeResult, extra: Record<string, string | number>): BenchRecord[] {
  // The machine's 1-minute load average: on a shared machine, other processes' CPU shows up as latency here too.
  const ctx = { samples: r.samples.length, timeouts: r.timeouts, errors: r.errors, loadavg1: round3(os.loadavg()[0]!), cpus: os.cpus().length, ...extra };
  return [
    { name: `healthz.${phase}.p50`, value: round3(percentile(r.samples, 50)), unit: 'ms', ...ctx },
    { name: `healthz.${phase}.p99`, value: round3(percentile(r.samples, 99)), unit: 'ms', ...ctx },
    { name: `healthz.${phase}.max`, value: round3(Math.max(...r.samples)), unit: 'ms', ...ctx },
  ];
}

/** A live client that acks every frame after reading its header (the rows are not decoded: the bench is not the subject). */
function liveClient(base: string, cookie: string, afterSeq: number, counts: { frames: number; closed: number }): WebSocket {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}${LIVE_PATH}`, { headers: { cookie } });
  ws.binaryType = 'nodebuffer';
  ws.on('open', () => {
    const sub: LiveSubscribe = { type: 'subscribe', tables: ['usage', 'kpi', 'alarm'], afterSeq, maxInFlight: 16 };
    ws.send(JSON.stringify(sub));
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    const { header } = decodeLiveFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    counts.frames++;
    ws.send(JSON.stringify({ type: 'ack', seq: header.seq }));
  });
  ws.on('error', () => undefined);
  ws.on('close', () => { counts.closed++; });
  return ws;
}

async function ids(base: string, cookie: string, table: 'site' | 'account', column: string): Promise<number[]> {
  const res = await fetch(`${base}/data/${table}?columns=${column}`, { headers: { cookie }, signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Error(`GET /data/${table}: HTTP ${res.status}`);
  const col = tableFromIPC(new Uint8Array(await res.arrayBuffer())).getChild(column);
  return Array.from({ length: col?.length ?? 0 }, (_, i) => Number(col!.get(i)));
}

async function trpc<T>(base: string, cookie: string, csrf: string | null, proc: string, input?: unknown, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const url = method === 'GET' ? `${base}/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}` : `${base}/trpc/${proc}`;
  const res = await fetch(url, {
    method, signal: AbortSignal.timeout(120_000), headers: { cookie, 'content-type': 'application/json', ...(csrf ? { [CSRF_HEADER]: csrf } : {}) },
    ...(method === 'POST' ? { body: JSON.stringify(input ?? {}) } : {}),
  });
  if (!res.ok) throw new Error(`${proc}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

interface RevenueStatus { version: number; durationMs: number | null; lastError: string | null }

export async function runHealthzSuite(o: HealthzLoadOptions): Promise<BenchRecord[]> {
  const { server } = o;
  const base = server.base;
  const session = await server.session();
  const cookie = session.cookieHeader;
  const out: BenchRecord[] = [];
  const ms = o.seconds * 1000;

  // Start-up: the first rating, the history roll-forward of the lake's days and the first executive figures run now;
  // measured apart so the idle phase shows the steady state.
  const startup = probe(base, o.warmupSeconds * 1000);
  const readyBy = Date.now() + 300_000;
  while ((await trpc<RevenueStatus & { ready: boolean }>(base, cookie, session.csrfToken, 'revenue.status')).version === 0 && Date.now() < readyBy) {
    await new Promise((r) => setTimeout(r, 500));
  }
  out.push(...latencyRecords('startup', await startup, { ...o.extra, note: `the first ${o.warmupSeconds} s after listening: first rating, history roll-forward` }));
  const ratingBefore = await trpc<RevenueStatus>(base, cookie, session.csrfToken, 'revenue.status');
  const idle = await probe(base, ms);
  out.push(...latencyRecords('idle', idle, { ...o.extra, note: 'no clients; periodic re-rating and the simulator run as configured' }));
  const ratingIdle = await trpc<RevenueStatus>(base, cookie, session.csrfToken, 'revenue.status');

  // Load: live clients, snapshot loops, ingest calls and back-to-back re-ratings, all for the probe's duration.
  const sites = await ids(base, cookie, 'site', 'site_id');
  const accounts = await ids(base, cookie, 'account', 'account_id');
  const health = await (await fetch(`${base}/healthz`)).json() as { seq: number };
  const clock = await trpc<{ nowMs: number }>(base, cookie, session.csrfToken, 'status');
  const clockOffsetMs = clock.nowMs - Date.now();
  const live = { frames: 0, closed: 0 };
  const sockets = Array.from({ length: o.clients }, () => liveClient(base, cookie, health.seq, live));
  let stop = false;
  const snaps = { done: 0, bytes: 0, refused: 0, failed: 0 };
  const snapshotLoop = async () => {
    while (!stop) {
      try {
        const res = await fetch(`${base}/data/kpi?from=${Date.now() + clockOffsetMs - DAY_MS}`, { headers: { cookie }, signal: AbortSignal.timeout(120_000) });
        if (res.status === 429 || res.status === 503) { snaps.refused++; await res.arrayBuffer(); await new Promise((r) => setTimeout(r, 250)); continue; }
        if (!res.ok) { snaps.failed++; await res.arrayBuffer(); continue; }
        snaps.bytes += (await res.arrayBuffer()).byteLength;
        snaps.done++;
      } catch { snaps.failed++; }
    }
  };
  const ingest = { calls: 0, accepted: 0, failed: 0 };
  // Event ids far above the generator's and the simulator's; timestamps on the server's (simulated) clock.
  let n = 0;
  const idBase = 4e15 + Math.floor(Math.random() * 1e12);
  const ingestLoop = async () => {
    while (!stop) {
      const t0 = Date.now();
      const nowMs = Date.now() + clockOffsetMs;
      const events = Array.from({ length: o.ingestBatch }, () => ({
        event_id: idBase + n, ts: nowMs - (n % 1000), account_id: accounts[(n * 7919) % accounts.length]!, site_id: sites[n++ % sites.length]!,
        model: 'bench-model', route: 'edge', tokens_in: 900, tokens_out: 300, cached_tokens: 100, ttft_ms: 120, compute_cost_fen_per_mtok: 40,
      }));
      try {
        const r = await trpc<{ accepted: number }>(base, cookie, session.csrfToken, 'ingest', { table: 'usage', events, source: 'bench' }, 'POST');
        ingest.calls++;
        ingest.accepted += r.accepted;
      } catch { ingest.failed++; }
      await new Promise((r) => setTimeout(r, Math.max(0, o.ingestEveryMs - (Date.now() - t0))));
    }
  };
  const ratings = { runs: 0, failed: 0 };
  const ratingLoop = async () => {
    while (!stop) {
      try { await trpc(base, cookie, session.csrfToken, 'revenue.refresh', undefined, 'POST'); ratings.runs++; } catch { ratings.failed++; await new Promise((r) => setTimeout(r, 500)); }
    }
  };
  const loops = [...Array.from({ length: o.snapshots }, snapshotLoop), ingestLoop(), ratingLoop()];
  const loaded = await probe(base, ms);
  stop = true;
  for (const ws of sockets) ws.close();
  // Requests in flight finish (each is bounded by its own timeout) so the next phase starts on a quiet server.
  await Promise.all(loops);
  const ratingLoad = await trpc<RevenueStatus>(base, cookie, session.csrfToken, 'revenue.status');

  const loadCtx = {
    ...o.extra, clients: o.clients, snapshotLoops: o.snapshots, snapshotsDone: snaps.done, snapshotsRefused: snaps.refused, snapshotsFailed: snaps.failed,
    snapshotMiB: round3(snaps.bytes / 2 ** 20), liveFrames: live.frames, ingestCalls: ingest.calls, ingestAccepted: ingest.accepted, ingestFailed: ingest.failed,
    ratingRuns: ratings.runs, ratingFailed: ratings.failed,
  };
  out.push(...latencyRecords('load', loaded, loadCtx));
  out.push({ name: 'healthz.rating.duration', value: ratingLoad.durationMs ?? 0, unit: 'ms', ...o.extra,
    idleDurationMs: ratingIdle.durationMs ?? 0, versions: ratingLoad.version - ratingBefore.version, lastError: ratingLoad.lastError,
    note: 'the last rating run (under load) as the server reports it' });
  if (o.dryRunRulesFile) {
    // The rule editor's dry-run (another heavy job): one 24 h replay while probing, the server otherwise idle.
    const yaml = await readFile(o.dryRunRulesFile, 'utf8');
    const probing = probe(base, Math.max(ms / 3, 1000));
    const t0 = performance.now();
    let minutes = 0;
    try {
      minutes = (await trpc<{ minutes: number }>(base, cookie, session.csrfToken, 'automation.dryRun', { yaml, hours: 24 }, 'POST')).minutes;
    } catch { minutes = -1; }
    const dryRunMs = performance.now() - t0;
    const during = await probing;
    out.push(...latencyRecords('dryrun', during, { ...o.extra, dryRunMs: Math.round(dryRunMs), minutes, rules: path.basename(o.dryRunRulesFile),
      note: 'one 24 h dry-run of a default rules file, started with the probe' }));
  }
  out.push({ name: 'healthz.peak_rss', value: round3(server.peakRss() / 2 ** 20), unit: 'MiB', ...loadCtx });
  return out;
}
