// Live stream throughput: a WebSocket client that decodes every Arrow frame and acks it, against the real server
// with an accelerated simulator, so the number is what the server sustains end to end (generate, ingest, encode, send).
import { tableFromIPC } from 'apache-arrow';
import WebSocket from 'ws';
import { decodeLiveFrame, LIVE_PATH, type LiveControl, type LiveSubscribe } from '../schema/dataPlane.js';
import { round3, type BenchRecord } from './benchRecord.js';

export interface StreamSample { rows: number; frames: number; seconds: number; resyncs: number }

/**
 * Subscribes from the current seq and counts decoded rows for `seconds` after a short warm-up; `cookieHeader` is a
 * signed-in session's cookie (the live stream needs the data.read permission).
 */
export async function measureLiveStream(base: string, cookieHeader: string, seconds: number, warmupSeconds = 1): Promise<StreamSample> {
  const health = await (await fetch(`${base}/healthz`)).json() as { seq: number };
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}${LIVE_PATH}`, { headers: { cookie: cookieHeader } });
  ws.binaryType = 'nodebuffer';
  let rows = 0, frames = 0, resyncs = 0;
  let counting = false;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) {
      const ctl = JSON.parse(data.toString()) as LiveControl;
      if (ctl.type === 'resync') resyncs++;
      return;
    }
    const { header, ipc } = decodeLiveFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const n = tableFromIPC(ipc).numRows;
    if (counting) { rows += n; frames++; }
    ws.send(JSON.stringify({ type: 'ack', seq: header.seq }));
  });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  // Same flow control as the browser client (maxInFlight 16).
  const sub: LiveSubscribe = { type: 'subscribe', tables: ['usage', 'kpi', 'alarm'], afterSeq: health.seq, maxInFlight: 16 };
  ws.send(JSON.stringify(sub));
  await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
  counting = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const elapsed = (performance.now() - t0) / 1000;
  ws.close();
  return { rows, frames, seconds: elapsed, resyncs };
}

export function streamRecords(name: string, samples: readonly StreamSample[], extra: Record<string, string | number>): BenchRecord[] {
  const rates = samples.map((s) => s.rows / s.seconds).sort((a, b) => a - b);
  const p50 = rates[Math.ceil(rates.length * 0.5) - 1]!;
  // For throughput the bad tail is the slow end: report the 5th percentile of rate as "p95".
  const slow = rates[Math.max(0, Math.ceil(rates.length * 0.05) - 1)]!;
  const frames = samples.reduce((n, s) => n + s.frames, 0);
  const rows = samples.reduce((n, s) => n + s.rows, 0);
  return [
    { name: `${name}.p50`, value: round3(p50), unit: 'rows/s', runs: samples.length, rowsPerFrame: round3(rows / Math.max(1, frames)),
      resyncs: samples.reduce((n, s) => n + s.resyncs, 0), ...extra },
    { name: `${name}.p95`, value: round3(slow), unit: 'rows/s', runs: samples.length, note: 'slowest 5% of windows', ...extra },
  ];
}
