// The real server over HTTP: tRPC client, Arrow snapshots read with apache-arrow, the live WebSocket.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeLiveFrame, SNAPSHOT_SEQ_HEADER, type LiveControl } from '../../schema/dataPlane.js';
import { kpiSpec } from '../../schema/tables.js';
import { makeTempDir, startTestServer, type TestServer } from './testServer.js';

const FACTS = ['usage', 'kpi', 'alarm'] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every request goes through the front door as admin (an API token). */
let authorization = '';
const authed = (url: string) => fetch(url, { headers: { authorization } });
const liveSocket = (base: string) => new WebSocket(`${base.replace('http', 'ws')}/live`, { headers: { authorization } });

async function snapshot(base: string, table: string, query = ''): Promise<{ rows: number; seq: number; table: Table }> {
  const res = await authed(`${base}/data/${table}${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
  const t = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  return { rows: t.numRows, seq: Number(res.headers.get(SNAPSHOT_SEQ_HEADER)), table: t };
}

describe('server integration (real HTTP, tRPC, Arrow, WebSocket)', () => {
  let ts: TestServer;
  let cleanup: () => Promise<void>;
  let base = '';

  beforeAll(async () => {
    const tmp = await makeTempDir('opsdeck-srv-');
    cleanup = tmp.cleanup;
    ts = await startTestServer(path.join(tmp.dir, 'lake'));
    base = ts.server.url;
    authorization = ts.authorization;
    await sleep(1500); // let the simulator produce some live batches
  });
  afterAll(async () => { await ts?.server.close(); await cleanup?.(); });

  it('answers /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('catalog lists every table with counts and a time range', async () => {
    const cat = await ts.trpc.catalog.query({});
    expect(cat.tables.map((t) => t.name)).toEqual(['site', 'tier', 'account', 'usage', 'kpi', 'alarm']);
    const byName = Object.fromEntries(cat.tables.map((t) => [t.name, t]));
    expect(byName.site?.rows).toBe(20);
    expect(byName.tier?.rows).toBe(11);
    expect(byName.account?.rows).toBe(400);
    // A full generated day of per-minute KPIs for 20 sites is in the lake before any live data.
    expect(byName.kpi?.rows).toBeGreaterThanOrEqual(20 * 1440);
    expect(byName.kpi?.minTs).toBe(cat.lake.startMs);
    expect(byName.kpi?.maxTs).toBeGreaterThan(cat.lake.endMs);
  });

  it('snapshot row counts equal the catalog at the snapshot seq, for every fact table', async () => {
    const sinceMs = (await ts.trpc.catalog.query({})).lake.startMs;
    for (const t of FACTS) {
      const snap = await snapshot(base, t, `?from=${sinceMs}`);
      const cat = await ts.trpc.catalog.query({ sinceMs, atSeq: snap.seq });
      expect(snap.rows, t).toBe(cat.tables.find((x) => x.name === t)?.rowsSince);
    }
  });

  it('lake-range snapshots equal an independent DuckDB count over the Parquet files', async () => {
    const cat = await ts.trpc.catalog.query({});
    const from = cat.lake.startMs + 3_600_000, to = cat.lake.startMs + 5 * 3_600_000;
    const snap = await snapshot(base, 'kpi', `?from=${from}&to=${to}&columns=ts,site_id,latency_ms`);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const glob = path.join(ts.lakeDir, 'kpi', '*', '*.parquet');
    const r = await conn.runAndReadAll(`SELECT count(*)::INT AS n, sum(latency_ms) AS s FROM read_parquet('${glob}')
      WHERE epoch_ms(ts) >= ${from} AND epoch_ms(ts) < ${to}`);
    const row = r.getRowObjectsJS()[0]!;
    expect(snap.rows).toBe(row.n);
    expect(snap.rows).toBe(20 * 4 * 60);
    expect(snap.table.schema.fields.map((f) => f.name)).toEqual(['ts', 'site_id', 'latency_ms']);
    const sum = [...snap.table.getChild('latency_ms')!].reduce((a: number, b) => a + Number(b), 0);
    expect(sum).toBeCloseTo(Number(row.s), 6);
    conn.closeSync();
  });

  it('serves dimensions with the shared schema', async () => {
    const snap = await snapshot(base, 'kpi', '?columns=' + Object.keys(kpiSpec).join(','));
    expect(snap.table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'ts:Timestamp<MILLISECOND>', 'site_id:Int32', 'latency_ms:Float64', 'jitter_ms:Float64', 'loss_pct:Float64',
      'dl_mbps:Float64', 'ul_mbps:Float64', 'prb_util:Float64', 'active_users:Int32',
    ]);
    const sites = await snapshot(base, 'site');
    expect(sites.rows).toBe(20);
  });

  it('rejects bad API calls with a clear 400, never a crash', async () => {
    for (const [url, msg] of [
      ['/data/nope', 'unknown table'], ['/data/fault', 'unknown table'], ['/data/kpi?columns=ts,bogus', 'bogus'],
      ['/data/kpi?from=abc', 'from'], ['/data/kpi?from=20&to=10', 'before'], ['/data/kpi?unexpected=1', 'unexpected'],
    ] as const) {
      const res = await authed(base + url);
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { error: string }).error, url).toContain(msg);
    }
    const bad = await authed(`${base}/trpc/catalog?input=${encodeURIComponent(JSON.stringify({ sinceMs: 'yesterday' }))}`);
    expect(bad.status).toBe(400);
    await expect(ts.trpc.ingest.mutate({ table: 'kpi', events: [], source: '' })).rejects.toThrow();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('dead-letters malformed events pushed through the API and counts them by reason', async () => {
    const before = await ts.trpc.status.query();
    const good = { ts: before.nowMs - 1000, site_id: 0, latency_ms: 9, jitter_ms: 1, loss_pct: 0, dl_mbps: 500, ul_mbps: 50, prb_util: 0.2, active_users: 3 };
    const sites = (await snapshot(base, 'site', '?columns=site_id')).table.getChild('site_id')!;
    good.site_id = Number(sites.get(0));
    const r = await ts.trpc.ingest.mutate({
      table: 'kpi', source: 'test',
      events: [good, { ...good, latency_ms: 'slow' }, { ...good, prb_util: 1.5 }, { ...good, site_id: 99_999 }, good, 42],
    });
    expect(r).toMatchObject({ accepted: 1, rejected: 5, duplicates: 1 });
    const after = await ts.trpc.status.query();
    const d = (k: string) => (after.ingest.deadLetterByReason[k] ?? 0) - (before.ingest.deadLetterByReason[k] ?? 0);
    expect([d('kpi.wrong_type'), d('kpi.out_of_range'), d('kpi.unknown_site'), d('kpi.duplicate'), d('kpi.not_object')]).toEqual([1, 1, 1, 1, 1]);
    expect(after.ingest.deadLetterTotal - before.ingest.deadLetterTotal).toBe(5);
    const recent = await ts.trpc.deadLetters.query({ limit: 5 });
    expect(recent.map((x) => x.reason).join('\n')).toMatch(/latency_ms.*string/);
  });

  it('live stream continues a snapshot exactly: snapshot + frames = catalog at the last frame seq', async () => {
    const snaps = await Promise.all(FACTS.map((t) => snapshot(base, t)));
    // Snapshots taken a moment apart may differ in seq; subscribe from the lowest and skip what each table already has.
    const startSeq = Math.min(...snaps.map((s) => s.seq));
    const counts: Record<string, number> = Object.fromEntries(FACTS.map((t, i) => [t, snaps[i]!.rows]));
    const seqOf: Record<string, number> = Object.fromEntries(FACTS.map((t, i) => [t, snaps[i]!.seq]));
    const ws = liveSocket(base);
    let lastSeq = startSeq;
    let frames = 0;
    const controls: LiveControl[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', tables: FACTS, afterSeq: startSeq })));
      ws.on('error', reject);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) { controls.push(JSON.parse(String(data)) as LiveControl); return; }
        const { header, ipc } = decodeLiveFrame(new Uint8Array(data as Buffer));
        expect(header.seq).toBeGreaterThan(lastSeq);
        lastSeq = header.seq;
        const t = tableFromIPC(ipc);
        expect(t.numRows).toBe(header.rows);
        if (header.seq > seqOf[header.table]!) counts[header.table]! += t.numRows;
        if (++frames >= 12) resolve();
      });
      setTimeout(() => reject(new Error(`only ${frames} frames`)), 20_000);
    });
    ws.close();
    expect(controls[0]).toMatchObject({ type: 'hello' });
    const cat = await ts.trpc.catalog.query({ sinceMs: 0, atSeq: lastSeq });
    for (const t of FACTS) expect(counts[t], t).toBe(cat.tables.find((x) => x.name === t)?.rowsSince);
  });

  it('tells a subscriber from a previous server run to resync, and rejects bad subscribe messages', async () => {
    const messages = await new Promise<LiveControl[]>((resolve) => {
      const ws = liveSocket(base);
      const got: LiveControl[] = [];
      ws.on('open', () => {
        ws.send('not json');
        ws.send(JSON.stringify({ type: 'subscribe', tables: ['nope'], afterSeq: 0 }));
        ws.send(JSON.stringify({ type: 'subscribe', tables: ['kpi'], afterSeq: Number.MAX_SAFE_INTEGER }));
      });
      ws.on('message', (d) => { got.push(JSON.parse(String(d)) as LiveControl); if (got.length === 3) { ws.close(); resolve(got); } });
    });
    expect(messages.map((m) => m.type)).toEqual(['error', 'error', 'resync']);
  });
});
