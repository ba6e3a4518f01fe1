// A user's data scope on the data plane without HTTP: the lake's SQL row filter, scoped snapshots across the lake / hot
// window split, and the live hub's per-subscriber filtering (empty frames skipped, seq and ack flow control intact).
// Expected rows come from independent DuckDB queries over the Parquet files, or are written by hand.
import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { RecordBatchReader, Table, tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { decodeLiveFrame, type LiveFrameHeader } from '../../schema/dataPlane.js';
import { usageSpec } from '../../schema/tables.js';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { DataScope, resolveDataScope } from '../../server/identity/dataScope.js';
import { streamSnapshot } from '../../server/data/snapshot.js';
import { LiveHub } from '../../server/live/liveHub.js';
import { END_MS, pq, query, tinyLake } from '../fixtures/lakeHelpers.js';

const HOUR = 3_600_000;

async function collect(gen: AsyncGenerator<Uint8Array>): Promise<Table> {
  const parts: Uint8Array[] = [];
  for await (const p of gen) parts.push(p);
  return new Table([...RecordBatchReader.from(Buffer.concat(parts))]);
}

const plain = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v);
/** Rows as sorted JSON strings of the given columns: order-free equality. */
function canonical(rows: Iterable<Record<string, unknown>>, columns: readonly string[]): string[] {
  return [...rows].map((r) => JSON.stringify(columns.map((c) => plain(r[c])))).sort();
}
/** Rows as plain objects (int64 and timestamps as numbers). */
function tableRows(t: Table): Record<string, unknown>[] {
  return t.toArray().map((r) => Object.fromEntries(Object.entries((r as { toJSON(): Record<string, unknown> }).toJSON()).map(([k, v]) => [k, plain(v)])));
}

describe('scoped lake reads and snapshots', () => {
  let dir = '';
  let lake: LakeReader;
  let hot: HotWindow;
  let province = '';
  let inSites: number[] = [];
  let scope: DataScope;
  const coverage = END_MS - 6 * HOUR;

  beforeAll(async () => {
    ({ dir } = await tinyLake());
    lake = await LakeReader.open(dir);
    // The province with the most sites (ties by name), straight from the Parquet files.
    const [top] = await query(`SELECT province FROM ${pq(dir, 'site')} GROUP BY province ORDER BY count(*) DESC, province LIMIT 1`);
    province = String(top!.province);
    inSites = (await query(`SELECT site_id FROM ${pq(dir, 'site')} WHERE province = '${province}' ORDER BY site_id`)).map((r) => Number(r.site_id));
    const sites = (await query(`SELECT site_id, province, region FROM ${pq(dir, 'site')}`))
      .map((r) => ({ site_id: Number(r.site_id), province: String(r.province), region: String(r.region) }));
    scope = resolveDataScope({ regions: [], provinces: [province] }, sites);
    // The last 6 h of usage in a hot window, as the server loads it at start-up: snapshots read both parts.
    hot = new HotWindow(6, END_MS);
    const recent = await query(`SELECT * FROM ${pq(dir, 'usage')} WHERE epoch_ms(ts) >= ${coverage} ORDER BY ts`);
    hot.addFromLake('usage', Object.fromEntries(Object.keys(usageSpec).map((c) => [c, recent.map((r) => plain(r[c]))])));
  });
  afterAll(async () => { lake?.close(); if (dir) await rm(path.dirname(dir), { recursive: true, force: true }); });

  it('the lake has rows on both sides of the scope (or the tests below would prove nothing)', async () => {
    const [n] = await query(`SELECT count(*) FILTER (WHERE site_id IN (${inSites.join(',')}))::INT AS inside,
      count(*) FILTER (WHERE site_id NOT IN (${inSites.join(',')}))::INT AS outside FROM ${pq(dir, 'usage')} WHERE epoch_ms(ts) >= ${coverage}`);
    expect(inSites.length).toBeGreaterThan(0);
    expect(n!.inside).toBeGreaterThan(0);
    expect(n!.outside).toBeGreaterThan(0);
    expect([...scope.siteIds!].sort((a, b) => a - b)).toEqual(inSites);
  });

  it('LakeReader scan, scanBatches and count with a site filter agree with SQL over the Parquet files', async () => {
    const filter = { column: 'site_id', values: inSites };
    const expected = await query(`SELECT event_id, site_id FROM ${pq(dir, 'usage')} WHERE site_id IN (${inSites.join(',')})`);
    const scanned = await lake.scan('usage', {}, { columns: ['event_id', 'site_id'], filter });
    expect(canonical(scanned.event_id.map((e, i) => ({ event_id: e, site_id: scanned.site_id[i] })), ['event_id', 'site_id']))
      .toEqual(canonical(expected, ['event_id', 'site_id']));
    let streamed = 0;
    for await (const b of lake.scanBatches('usage', {}, { columns: ['site_id'], filter }, 1000)) {
      expect(b.site_id.every((s) => inSites.includes(s))).toBe(true);
      streamed += b.site_id.length;
    }
    expect(streamed).toBe(expected.length);
    expect(await lake.count('usage', {}, undefined, filter)).toBe(expected.length);
    expect(await lake.count('usage', {}, undefined, { column: 'site_id', values: [] })).toBe(0);
  });

  it('string filter values are quoted, never SQL; values of the wrong type are refused', async () => {
    const [n] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'account')} WHERE province = '${province}'`);
    expect(await lake.count('account', {}, undefined, { column: 'province', values: [province] })).toBe(n!.n);
    expect(await lake.count('account', {}, undefined, { column: 'province', values: ["x') OR true OR ('1'='1", "O'Brien"] })).toBe(0);
    await expect(lake.count('usage', {}, undefined, { column: 'site_id', values: ['1 OR true'] })).rejects.toThrow(/not an integer/);
    await expect(lake.count('usage', {}, undefined, { column: 'site_id', values: [1.5] })).rejects.toThrow(/not an integer/);
    await expect(lake.count('account', {}, undefined, { column: 'province', values: [1] })).rejects.toThrow(/not a string/);
    await expect(lake.count('usage', {}, undefined, { column: 'nope', values: [1] })).rejects.toThrow(/no column/);
  });

  it('a scoped usage snapshot across lake and hot window holds exactly the in-scope rows, even without site_id requested', async () => {
    const facts = new FactReader(lake, hot);
    const columns = ['ts', 'event_id', 'tokens_in'];
    const snap = await streamSnapshot(facts, { table: 'usage', columns }, scope, 500);
    const t = await collect(snap.bytes());
    const expected = await query(`SELECT ts, event_id, tokens_in FROM ${pq(dir, 'usage')} WHERE site_id IN (${inSites.join(',')})`);
    expect(t.schema.fields.map((f) => f.name)).toEqual(columns);
    expect(snap.rows).toBe(expected.length);
    expect(t.numRows).toBe(expected.length);
    expect(canonical(tableRows(t), columns)).toEqual(canonical(expected, columns));
    // Both parts contributed: the hot window holds in-scope rows too.
    expect(hot.select('usage', {}).some((h) => [...h.getChild('site_id')!].some((s) => inSites.includes(s as number)))).toBe(true);
  });

  it('a scoped snapshot of a time range counts what it streams; every site_id is in scope', async () => {
    const from = END_MS - 10 * HOUR, to = END_MS - 1 * HOUR;
    const snap = await streamSnapshot(new FactReader(lake, hot), { table: 'usage', fromMs: from, toMs: to, columns: ['site_id', 'ts'] }, scope, 300);
    const t = await collect(snap.bytes());
    const [n] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'usage')}
      WHERE epoch_ms(ts) >= ${from} AND epoch_ms(ts) < ${to} AND site_id IN (${inSites.join(',')})`);
    expect(n!.n).toBeGreaterThan(0);
    expect(snap.rows).toBe(n!.n);
    expect(t.numRows).toBe(n!.n);
    expect([...t.getChild('site_id')!].every((s) => inSites.includes(s as number))).toBe(true);
  });

  it('dimension snapshots: sites by site, accounts by province, tiers whole', async () => {
    const facts = new FactReader(lake, hot);
    const site = await collect((await streamSnapshot(facts, { table: 'site', columns: ['site_id', 'name'] }, scope)).bytes());
    expect([...site.getChild('site_id')!].map(Number).sort((a, b) => a - b)).toEqual(inSites);
    const accSnap = await streamSnapshot(facts, { table: 'account', columns: ['account_id'] }, scope);
    const acc = await collect(accSnap.bytes());
    const expected = await query(`SELECT account_id FROM ${pq(dir, 'account')} WHERE province = '${province}'`);
    expect(expected.length).toBeGreaterThan(0);
    expect(accSnap.rows).toBe(expected.length);
    expect([...acc.getChild('account_id')!].map(Number).sort((a, b) => a - b)).toEqual(expected.map((r) => Number(r.account_id)).sort((a, b) => a - b));
    const [tiers] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'tier')}`);
    expect((await streamSnapshot(facts, { table: 'tier', columns: ['tier_id'] }, scope)).rows).toBe(tiers!.n);
  });

  it('an unscoped snapshot still carries every row', async () => {
    const snap = await streamSnapshot(new FactReader(lake, hot), { table: 'usage', columns: ['event_id'] }, DataScope.ALL);
    const [n] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'usage')}`);
    expect(snap.rows).toBe(n!.n);
    expect((await collect(snap.bytes())).numRows).toBe(n!.n);
  });
});

/** Just enough of a `ws` socket for LiveHub: messages in, frames and control messages out. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: Array<{ header: LiveFrameHeader; rows: Record<string, unknown>[] }> = [];
  readonly controls: Array<{ type: string }> = [];
  send(data: Uint8Array | string): void {
    if (typeof data === 'string') { this.controls.push(JSON.parse(data) as { type: string }); return; }
    const { header, ipc } = decodeLiveFrame(data);
    this.frames.push({ header, rows: tableRows(tableFromIPC(ipc)) });
  }
  say(msg: object): void { this.emit('message', Buffer.from(JSON.stringify(msg)), false); }
  close(): void { this.readyState = 3; this.emit('close'); }
  terminate(): void { this.close(); }
}

describe('LiveHub with a data scope', () => {
  const NOW = Date.UTC(2026, 10, 1, 12);
  // Hand-made sites: the scope (province Anhui) holds site 1 only.
  const SITES = [
    { site_id: 1, province: 'Anhui', region: 'East' },
    { site_id: 2, province: 'Zhejiang', region: 'East' },
    { site_id: 3, province: 'Beijing', region: 'North' },
  ];
  const kpi = (siteId: number, i: number) => ({
    ts: NOW + i * 1000, site_id: siteId, latency_ms: 10 + i, jitter_ms: 1, loss_pct: 0, dl_mbps: 100, ul_mbps: 10, prb_util: 0.5, active_users: 5,
  });
  const alarm = (siteId: number, i: number) => ({ ts: NOW + i * 1000, alarm_id: 100 + i, site_id: siteId, severity: 'major', probable_cause: 'x', state: 'raised' });

  it('sends only in-scope rows, skips frames the scope empties without waiting for their ack, and keeps seqs moving', () => {
    const hot = new HotWindow(24, NOW);
    const hub = new LiveHub(hot);
    const scoped = new FakeSocket();
    const everyone = new FakeSocket();
    hub.attach(scoped as unknown as WebSocket, resolveDataScope({ regions: [], provinces: ['Anhui'] }, SITES));
    hub.attach(everyone as unknown as WebSocket, DataScope.ALL);
    scoped.say({ type: 'subscribe', tables: ['kpi', 'alarm'], afterSeq: 0, maxInFlight: 1 });
    everyone.say({ type: 'subscribe', tables: ['kpi', 'alarm'], afterSeq: 0 });
    expect(scoped.controls).toEqual([{ type: 'hello', seq: 0 }]);

    const a = hot.append('kpi', [kpi(1, 0), kpi(2, 1), kpi(3, 2), kpi(1, 3)])!;
    hub.notify();
    expect(scoped.frames.map((f) => f.header)).toEqual([{ table: 'kpi', seq: a.seq, rows: 2 }]);
    expect(scoped.frames[0]!.rows.map((r) => r.site_id)).toEqual([1, 1]);
    expect(scoped.frames[0]!.rows.map((r) => r.latency_ms)).toEqual([10, 13]);

    // B holds no in-scope row, C (another table, so another frame) does; the frame of A is not acknowledged yet.
    const b = hot.append('kpi', [kpi(2, 4), kpi(3, 5)])!;
    const c = hot.append('alarm', [alarm(3, 6), alarm(1, 7)])!;
    hub.notify();
    expect(scoped.frames).toHaveLength(1);
    scoped.say({ type: 'ack', seq: a.seq });
    // B is skipped (never sent, so never awaited), C is sent at once.
    expect(scoped.frames.map((f) => f.header)).toEqual([{ table: 'kpi', seq: a.seq, rows: 2 }, { table: 'alarm', seq: c.seq, rows: 1 }]);
    expect(scoped.frames[1]!.rows.map((r) => [r.site_id, r.alarm_id])).toEqual([[1, 107]]);
    expect(b.seq).toBeLessThan(c.seq);

    // A trailing empty chunk moves the subscriber past it; the next in-scope chunk comes with its own seq.
    scoped.say({ type: 'ack', seq: c.seq });
    const d = hot.append('kpi', [kpi(3, 8)])!;
    hub.notify();
    expect(scoped.frames).toHaveLength(2);
    const e = hot.append('kpi', [kpi(1, 9)])!;
    hub.notify();
    expect(scoped.frames.map((f) => f.header.seq)).toEqual([a.seq, c.seq, e.seq]);
    expect(d.seq).toBeLessThan(e.seq);
    expect(scoped.frames.flatMap((f) => f.rows).every((r) => r.site_id === 1)).toBe(true);

    // The unscoped subscriber gets every row of every chunk.
    expect(everyone.frames.reduce((n, f) => n + f.header.rows, 0)).toBe(4 + 2 + 2 + 1 + 1);
    expect(everyone.frames.flatMap((f) => f.rows).map((r) => r.site_id).sort()).toEqual([1, 1, 1, 1, 2, 2, 3, 3, 3, 3]);
    hub.closeAll();
  });

  it('coalesced frames of a slow scoped reader carry only in-scope rows of every chunk, with the last seq', () => {
    const hot = new HotWindow(24, NOW);
    const hub = new LiveHub(hot);
    const s = new FakeSocket();
    hub.attach(s as unknown as WebSocket, resolveDataScope({ regions: ['North'], provinces: [] }, SITES));
    s.say({ type: 'subscribe', tables: ['kpi'], afterSeq: 0 });
    // A backlog: three chunks appended before the pump runs coalesce into one frame.
    hot.append('kpi', [kpi(1, 0), kpi(3, 1)]);
    hot.append('kpi', [kpi(2, 2)]);
    const last = hot.append('kpi', [kpi(3, 3), kpi(2, 4)])!;
    hub.notify();
    expect(s.frames.map((f) => f.header)).toEqual([{ table: 'kpi', seq: last.seq, rows: 2 }]);
    expect(s.frames[0]!.rows.map((r) => [r.site_id, r.latency_ms])).toEqual([[3, 11], [3, 13]]);
    hub.closeAll();
  });
});
