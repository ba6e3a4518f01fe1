// Streams new hot-window chunks to WebSocket subscribers in seq order, with backpressure: a slow
// client is served from the hot window as it drains (frames coalesce) instead of queueing without bound.
// A subscriber with a data scope gets only the rows of sites in it.
import { Table } from 'apache-arrow';
import type { WebSocket } from 'ws';
import { tableToIpcStream } from '../../schema/arrowRows.js';
import {
  encodeLiveFrame, liveClientMessageSchema, type LiveControl,
} from '../../schema/dataPlane.js';
import { FACT_TABLES, type FactTable } from '../../schema/tables.js';
import type { HotChunk, HotWindow } from '../../pipelines/hot/hotWindow.js';
import { DataScope } from '../identity/dataScope.js';
import { scopeFilterOf, scopeKeyOf, scopeRows, type ScopeRowFilter } from '../data/scopedRows.js';

export interface LiveHubOptions {
  /** Stop sending to a socket while this many bytes are still buffered for it. */
  highWaterBytes?: number;
  /** Largest number of rows coalesced into one frame. */
  maxFrameRows?: number;
}

interface Subscriber {
  socket: WebSocket;
  /** Rows of sites outside it are never sent; null for an unscoped user (the shared cached frames). */
  scope: { filters: ReadonlyMap<FactTable, ScopeRowFilter | null>; key: string } | null;
  tables: Set<FactTable> | null;
  lastSeq: number;
  retry: NodeJS.Timeout | null;
  /** With ack flow control: seqs of frames sent but not yet acknowledged, oldest first. */
  unacked: number[];
  maxInFlight: number;
}

/**
 * Encoded frames of recent chunks, shared by every unscoped subscriber. Bounded by bytes, least recently used out:
 * subscribers read the newest chunks, and a per-chunk cache for the chunk's whole life held a second copy of the
 * hot window (1 GB under a 13M-row flood). A subscriber far behind re-encodes what it needs.
 */
const IPC_CACHE_BYTES = 256 * 1024 * 1024;
const ipcCache = new Map<HotChunk, Uint8Array>();
let ipcCacheBytes = 0;

function chunkIpc(c: HotChunk): Uint8Array {
  let b = ipcCache.get(c);
  if (b) {
    ipcCache.delete(c);
    ipcCache.set(c, b);
    return b;
  }
  b = tableToIpcStream(c.data);
  ipcCache.set(c, b);
  ipcCacheBytes += b.byteLength;
  for (const [old, bytes] of ipcCache) {
    if (ipcCacheBytes <= IPC_CACHE_BYTES) break;
    ipcCache.delete(old);
    ipcCacheBytes -= bytes.byteLength;
  }
  return b;
}

/** A chunk's in-scope rows per scope key: subscribers sharing a scope (a user's tabs, a team) filter each chunk once. */
const scopedCache = new WeakMap<HotChunk, Map<string, { data: Table; ipc: Uint8Array | null }>>();
/** Scopes remembered per chunk; past this, further scopes are filtered per subscriber. */
const MAX_SCOPES_PER_CHUNK = 16;

function scopedChunk(c: HotChunk, scope: NonNullable<Subscriber['scope']>): { data: Table; ipc: Uint8Array | null } {
  let byScope = scopedCache.get(c);
  if (!byScope) scopedCache.set(c, (byScope = new Map()));
  let hit = byScope.get(scope.key);
  if (!hit) {
    const f = scope.filters.get(c.table) ?? null;
    hit = { data: f ? scopeRows(c.table, c.data, f) : c.data, ipc: null };
    if (byScope.size < MAX_SCOPES_PER_CHUNK) byScope.set(scope.key, hit);
  }
  return hit;
}

function scopedChunkIpc(c: HotChunk, s: { data: Table; ipc: Uint8Array | null }): Uint8Array {
  if (s.data === c.data) return chunkIpc(c);
  s.ipc ??= tableToIpcStream(s.data);
  return s.ipc;
}

/** Counters of the live stream, for the status route. */
export interface LiveStats { clients: number; framesSent: number; rowsSent: number }

export class LiveHub {
  private readonly subs = new Set<Subscriber>();
  framesSent = 0;
  rowsSent = 0;

  constructor(private readonly hot: HotWindow, private readonly opts: LiveHubOptions = {}) {}

  get clients(): number { return this.subs.size; }

  stats(): LiveStats { return { clients: this.clients, framesSent: this.framesSent, rowsSent: this.rowsSent }; }

  /** Takes over a fresh socket: waits for its subscribe message, then streams. */
  attach(socket: WebSocket, scope: DataScope = DataScope.ALL): void {
    const scoped = scope.unrestricted ? null
      : { filters: new Map(FACT_TABLES.map((t) => [t, scopeFilterOf(t, scope)])), key: scopeKeyOf(scope) };
    const sub: Subscriber = { socket, scope: scoped, tables: null, lastSeq: 0, retry: null, unacked: [], maxInFlight: Infinity };
    this.subs.add(sub);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.control(sub, { type: 'error', error: 'expected a text subscribe message' });
      let parsed: unknown;
      try { parsed = JSON.parse(String(data)); } catch { return this.control(sub, { type: 'error', error: 'subscribe message is not JSON' }); }
      const msg = liveClientMessageSchema.safeParse(parsed);
      if (!msg.success) return this.control(sub, { type: 'error', error: `bad message: ${msg.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
      if (msg.data.type === 'ack') {
        const acked = msg.data.seq;
        while (sub.unacked.length && sub.unacked[0]! <= acked) sub.unacked.shift();
        return this.pump(sub);
      }
      if (msg.data.afterSeq > this.hot.seq) {
        return this.control(sub, { type: 'resync', reason: `afterSeq ${msg.data.afterSeq} is ahead of the server (${this.hot.seq}); the server restarted` });
      }
      sub.tables = new Set(msg.data.tables);
      sub.lastSeq = msg.data.afterSeq;
      sub.maxInFlight = msg.data.maxInFlight ?? Infinity;
      sub.unacked = [];
      this.control(sub, { type: 'hello', seq: this.hot.seq });
      this.pump(sub);
    });
    socket.on('close', () => { if (sub.retry) clearTimeout(sub.retry); this.subs.delete(sub); });
    socket.on('error', () => socket.terminate());
  }

  /** Call after new chunks were appended. */
  notify(): void { for (const s of this.subs) this.pump(s); }

  private control(sub: Subscriber, msg: LiveControl): void {
    if (sub.socket.readyState === sub.socket.OPEN) sub.socket.send(JSON.stringify(msg));
  }

  private pump(sub: Subscriber): void {
    if (!sub.tables || sub.retry || sub.socket.readyState !== sub.socket.OPEN) return;
    const hwm = this.opts.highWaterBytes ?? 8 * 1024 * 1024;
    const maxRows = this.opts.maxFrameRows ?? 200_000;
    if (sub.lastSeq < this.hot.oldestLiveSeq - 1) {
      // Batches after lastSeq were already evicted: the client must re-snapshot.
      this.control(sub, { type: 'resync', reason: 'fell behind the hot window' });
      return;
    }
    const pending = this.hot.chunksAfter(sub.lastSeq, sub.tables);
    let i = 0;
    while (i < pending.length) {
      // An ack resumes a client held by flow control; the pump runs again on it.
      if (sub.unacked.length >= sub.maxInFlight) return;
      if (sub.socket.bufferedAmount > hwm) {
        // Resume when the socket drained; new chunks meanwhile coalesce into bigger frames.
        sub.retry = setTimeout(() => { sub.retry = null; this.pump(sub); }, 25);
        return;
      }
      const first = pending[i]!;
      const run: HotChunk[] = [first];
      let rows = first.data.numRows;
      while (i + run.length < pending.length) {
        const next = pending[i + run.length]!;
        if (next.table !== first.table || rows + next.data.numRows > maxRows) break;
        run.push(next);
        rows += next.data.numRows;
      }
      i += run.length;
      const last = run[run.length - 1]!;
      let ipc: Uint8Array;
      if (sub.scope) {
        // Only rows of in-scope sites; a frame left empty is not sent, but the subscriber still moves past its seqs.
        const scope = sub.scope;
        const parts = run.map((c) => scopedChunk(c, scope));
        rows = parts.reduce((n, p) => n + p.data.numRows, 0);
        if (rows === 0) { sub.lastSeq = last.seq; continue; }
        ipc = run.length === 1 ? scopedChunkIpc(first, parts[0]!) : tableToIpcStream(new Table(first.data.schema, parts.flatMap((p) => p.data.batches)));
      } else {
        ipc = run.length === 1 ? chunkIpc(first) : tableToIpcStream(new Table(first.data.schema, run.flatMap((c) => c.data.batches)));
      }
      sub.socket.send(encodeLiveFrame({ table: first.table, seq: last.seq, rows }, ipc));
      sub.lastSeq = last.seq;
      if (sub.maxInFlight !== Infinity) sub.unacked.push(last.seq);
      this.framesSent++;
      this.rowsSent += rows;
    }
  }

  closeAll(): void {
    for (const s of this.subs) { if (s.retry) clearTimeout(s.retry); s.socket.close(1001, 'server shutting down'); }
    this.subs.clear();
  }
}
