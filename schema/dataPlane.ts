// The Arrow IPC data plane contract shared by server and client: snapshot parameters and live frames.
import { z } from 'zod';
import { TABLES, TABLE_NAMES, type TableName } from './tables.js';

export const ARROW_STREAM_MIME = 'application/vnd.apache.arrow.stream';
/** Response header carrying the last live sequence number a snapshot already contains. */
export const SNAPSHOT_SEQ_HEADER = 'x-opsdeck-seq';
export const SNAPSHOT_ROWS_HEADER = 'x-opsdeck-rows';

/** Query string of `GET /data/:table` (times are epoch ms, `to` exclusive; `columns` comma-separated). */
export const snapshotQuerySchema = z.object({
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().positive().optional(),
  columns: z.string().max(2000).optional(),
}).strict();

export interface SnapshotRequest {
  table: TableName;
  fromMs?: number;
  toMs?: number;
  columns: string[];
}

/** Validates a snapshot request; returns a readable error rather than throwing. */
export function parseSnapshotRequest(table: string, query: unknown):
  { ok: true; req: SnapshotRequest } | { ok: false; error: string } {
  if (!(TABLE_NAMES as string[]).includes(table) || table === 'fault') {
    return { ok: false, error: `unknown table '${table}'` };
  }
  const t = table as TableName;
  const q = snapshotQuerySchema.safeParse(query);
  if (!q.success) return { ok: false, error: q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') };
  const all = Object.keys(TABLES[t].spec);
  const columns = q.data.columns ? q.data.columns.split(',').map((c) => c.trim()).filter(Boolean) : all;
  const unknown = columns.filter((c) => !all.includes(c));
  if (unknown.length) return { ok: false, error: `unknown column(s) for ${t}: ${unknown.join(', ')}` };
  if (new Set(columns).size !== columns.length) return { ok: false, error: 'duplicate column in columns' };
  if (q.data.from !== undefined && q.data.to !== undefined && q.data.from >= q.data.to) {
    return { ok: false, error: 'from must be before to' };
  }
  return { ok: true, req: { table: t, fromMs: q.data.from, toMs: q.data.to, columns } };
}

/** Path of the live WebSocket. The client sends one `LiveSubscribe` text message after connecting. */
export const LIVE_PATH = '/live';

export const liveSubscribeSchema = z.object({
  type: z.literal('subscribe'),
  tables: z.array(z.enum(['usage', 'kpi', 'alarm'])).min(1),
  /** Send every batch with seq > afterSeq (the snapshot's x-opsdeck-seq). */
  afterSeq: z.number().int().nonnegative(),
  /**
   * Opt-in application-level flow control: at most this many frames unacknowledged. The client sends
   * `LiveAck` once a frame is applied (e.g. inserted into DuckDB), so a slow consumer slows the stream
   * instead of piling frames up in socket buffers; the backlog coalesces into bigger frames.
   */
  maxInFlight: z.number().int().min(1).max(10_000).optional(),
}).strict();
export type LiveSubscribe = z.infer<typeof liveSubscribeSchema>;

export const liveAckSchema = z.object({ type: z.literal('ack'), seq: z.number().int().nonnegative() }).strict();
export type LiveAck = z.infer<typeof liveAckSchema>;

/** Every text message a client may send. */
export const liveClientMessageSchema = z.discriminatedUnion('type', [liveSubscribeSchema, liveAckSchema]);

/** Header of one binary live frame; the Arrow IPC stream of the batch follows it. */
export interface LiveFrameHeader {
  table: 'usage' | 'kpi' | 'alarm';
  /** Highest sequence number included in this frame (frames may coalesce several batches). */
  seq: number;
  rows: number;
}

/** Text control messages from the server. */
export type LiveControl =
  | { type: 'hello'; seq: number }
  | { type: 'resync'; reason: string }
  | { type: 'error'; error: string };

// Frame layout: u32 little-endian header length, header JSON (UTF-8), Arrow IPC stream bytes.
export function encodeLiveFrame(header: LiveFrameHeader, ipc: Uint8Array): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + h.length + ipc.length);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 4);
  out.set(ipc, 4 + h.length);
  return out;
}

export function decodeLiveFrame(frame: Uint8Array): { header: LiveFrameHeader; ipc: Uint8Array } {
  const len = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + len))) as LiveFrameHeader;
  return { header, ipc: frame.subarray(4 + len) };
}
