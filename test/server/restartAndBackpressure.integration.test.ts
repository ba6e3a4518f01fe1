// Durability across a restart (nothing lost, nothing doubled) and live-stream backpressure with a stalled reader.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeLiveFrame, SNAPSHOT_SEQ_HEADER } from '../../schema/dataPlane.js';
import { makeTempDir, startTestServer } from './testServer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: (() => Promise<void>)[] = [];
// LIFO: a server must close before the temp dir holding its lake is removed (it flushes on close).
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

async function lakeQuery(lakeDir: string, sql: (glob: (t: string) => string) => string): Promise<Record<string, unknown>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const r = await conn.runAndReadAll(sql((t) => `read_parquet('${path.join(lakeDir, t, '*', '*.parquet')}')`));
  conn.closeSync();
  return r.getRowObjectsJS()[0] ?? {};
}

describe('restart', () => {
  it('keeps every accepted live event exactly once across a restart', async () => {
    const tmp = await makeTempDir('opsdeck-restart-');
    cleanups.push(tmp.cleanup);
    const lakeDir = path.join(tmp.dir, 'lake');
    const a = await startTestServer(lakeDir);
    await sleep(2000);
    await a.server.close(); // stops the simulator, then flushes the hot window's live rows
    const cursorA = a.server.rt.simulator.cursorMs;
    const acceptedA = a.server.rt.ingest.acceptedTotal;
    expect(acceptedA).toBeGreaterThan(0);
    const lakeA = await lakeQuery(lakeDir, (g) => `SELECT
      (SELECT count(*) FROM ${g('usage')} WHERE epoch_ms(ts) >= ${a.server.rt.lake.manifest.endMs})::INT AS live_usage,
      (SELECT count(*) FROM ${g('kpi')} WHERE epoch_ms(ts) >= ${a.server.rt.lake.manifest.endMs})::INT AS live_kpi,
      (SELECT count(*) FROM ${g('alarm')} WHERE epoch_ms(ts) >= ${a.server.rt.lake.manifest.endMs})::INT AS live_alarm`);
    // Everything the simulator produced after the generated lake was accepted once and is now on disk.
    expect(Number(lakeA.live_usage) + Number(lakeA.live_kpi) + Number(lakeA.live_alarm)).toBe(acceptedA);

    const b = await startTestServer(lakeDir);
    await sleep(1000);
    const res = await fetch(`${b.server.url}/data/kpi?to=${cursorA}&from=${a.server.rt.lake.manifest.endMs}`, { headers: { authorization: b.authorization } });
    const before = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(before.numRows).toBe(Number(lakeA.live_kpi));
    expect(b.server.rt.ingest.duplicatesTotal).toBe(0);
    await b.server.close();
    const dupes = await lakeQuery(lakeDir, (g) => `SELECT
      (SELECT count(*) - count(DISTINCT event_id) FROM ${g('usage')})::INT AS usage_dupes,
      (SELECT count(*) - count(DISTINCT (site_id, ts)) FROM ${g('kpi')})::INT AS kpi_dupes,
      (SELECT count(*) - count(DISTINCT (alarm_id, state)) FROM ${g('alarm')})::INT AS alarm_dupes`);
    expect(dupes).toEqual({ usage_dupes: 0, kpi_dupes: 0, alarm_dupes: 0 });
  });
});

describe('live backpressure', () => {
  it('a consumer that stops acknowledging gets coalesced frames, in order, with nothing missing', async () => {
    const tmp = await makeTempDir('opsdeck-bp-');
    cleanups.push(tmp.cleanup);
    const s = await startTestServer(path.join(tmp.dir, 'lake'), { OPSDECK_SIM_SPEED: '600' });
    cleanups.push(() => s.server.close());
    const snap = await fetch(`${s.server.url}/data/kpi`, { headers: { authorization: s.authorization } });
    let rows = tableFromIPC(new Uint8Array(await snap.arrayBuffer())).numRows;
    const afterSeq = Number(snap.headers.get(SNAPSHOT_SEQ_HEADER));
    const ws = new WebSocket(`${s.server.url.replace('http', 'ws')}/live`, { headers: { authorization: s.authorization } });
    let lastSeq = afterSeq;
    let frames = 0;
    let maxFrameRows = 0;
    let stalled = false;
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      const { header, ipc } = decodeLiveFrame(new Uint8Array(data as Buffer));
      if (header.seq <= lastSeq) throw new Error('out of order');
      lastSeq = header.seq;
      rows += tableFromIPC(ipc).numRows;
      maxFrameRows = Math.max(maxFrameRows, header.rows);
      frames++;
      if (!stalled) ws.send(JSON.stringify({ type: 'ack', seq: header.seq }));
      else pendingAck = header.seq;
    });
    let pendingAck = 0;
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', tables: ['kpi'], afterSeq, maxInFlight: 2 }));
    await sleep(300);
    // Stall: a slow consumer stops acknowledging while the simulator keeps producing.
    stalled = true;
    const framesAtStall = frames;
    await sleep(2500);
    const framesWhileStalled = frames - framesAtStall;
    stalled = false;
    ws.send(JSON.stringify({ type: 'ack', seq: pendingAck }));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && lastSeq < s.server.rt.hot.seq) await sleep(100);
    ws.close();
    const kpiSeqs = s.server.rt.hot.chunksAfter(afterSeq, new Set(['kpi'] as const)).map((c) => c.seq);
    const cat = await s.trpc.catalog.query({ sinceMs: 0, atSeq: lastSeq });
    expect(rows).toBe(cat.tables.find((t) => t.name === 'kpi')?.rowsSince);
    // The server held off while unacknowledged, then sent the backlog coalesced, not frame by frame.
    expect(framesWhileStalled).toBeLessThanOrEqual(2); // maxInFlight
    expect(frames).toBeLessThan(kpiSeqs.length);
    expect(maxFrameRows).toBeGreaterThan(20);
  });
});
