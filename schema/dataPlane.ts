// The data plane contract shared by server and client: IPC snapshot parameters, live frames, and history plans (lake files + hot part).
import { z } from 'zod';
import { FACT_TABLES, TABLES, TABLE_NAMES, type FactTable, type TableName } from './tables.js';
import { ROLLUP_NAMES, type RollupName } from './rollups.js';

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

// --- History as files (DESIGN.md "Rollup-first data plane"): the lake's Parquet files as they exist, plus the hot part. ---

/** `GET /data/plan?tables=...&from=...[&to=...][&rollups=1]`: which files and which hot part make up a range, at one seq. */
export const HISTORY_PLAN_PATH = '/data/plan';
/** `GET /data/files/<lake path>`: one lake Parquet file (strong ETag, 304, byte ranges); unscoped readers only. */
export const LAKE_FILES_PREFIX = '/data/files/';
/** `GET /data/hot/<planId>/<table>`: a plan's hot part as an Arrow IPC stream (every column), once. */
export const HOT_PART_PREFIX = '/data/hot/';

export function hotPartUrl(planId: string, table: FactTable): string {
  return `${HOT_PART_PREFIX}${encodeURIComponent(planId)}/${table}`;
}

const PLAN_TABLES = ['site', 'tier', 'account', 'usage', 'kpi', 'alarm'] as const satisfies readonly TableName[];
const DIMENSIONS = ['site', 'tier', 'account'] as const satisfies readonly TableName[];

export const historyPlanQuerySchema = z.object({
  /** Comma-separated tables (each at most once); facts are split at one instant, so they share the plan's seq. */
  tables: z.string().max(200),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().positive().optional(),
  /** 1: also every rollup of the fact tables, all days (needs an open-ended range: rollups continue with the live stream). */
  rollups: z.enum(['0', '1']).optional(),
}).strict();

export interface HistoryPlanRequest {
  tables: Array<(typeof PLAN_TABLES)[number]>;
  fromMs?: number | undefined;
  toMs?: number | undefined;
  rollups: boolean;
}

/** Validates a plan request; a readable error rather than a throw. */
export function parseHistoryPlanRequest(query: unknown): { ok: true; req: HistoryPlanRequest } | { ok: false; error: string } {
  const q = historyPlanQuerySchema.safeParse(query);
  if (!q.success) return { ok: false, error: q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') };
  const tables = q.data.tables.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = tables.filter((t) => !(PLAN_TABLES as readonly string[]).includes(t));
  if (!tables.length) return { ok: false, error: 'tables: name at least one table' };
  if (unknown.length) return { ok: false, error: `tables: unknown or not plannable: ${unknown.join(', ')}` };
  if (new Set(tables).size !== tables.length) return { ok: false, error: 'tables: a table is named twice' };
  if (q.data.from !== undefined && q.data.to !== undefined && q.data.from >= q.data.to) return { ok: false, error: 'from must be before to' };
  const rollups = q.data.rollups === '1';
  if (rollups && q.data.to !== undefined) return { ok: false, error: 'rollups=1 needs an open-ended range (no to): rollups continue with the live stream' };
  return { ok: true, req: { tables: tables as HistoryPlanRequest['tables'], fromMs: q.data.from, toMs: q.data.to, rollups } };
}

const ms = z.number().int();

export const lakeFileRefSchema = z.object({
  url: z.string().startsWith(LAKE_FILES_PREFIX),
  bytes: z.number().int().nonnegative(),
  etag: z.string(),
  /** UTC midnight of the file's day partition; null for a dimension's file. */
  dayMs: ms.nullable(),
}).strict();
export type LakeFileRef = z.infer<typeof lakeFileRefSchema>;

export const rollupPlanSchema = z.object({
  name: z.enum(ROLLUP_NAMES as [RollupName, ...RollupName[]]),
  /**
   * Rows with ts < cutMs come from the day files (a bucket starting before it holds only rows below the hot window's
   * coverage start, all in the lake); from cutMs on the client rolls up raw rows itself: lake files' rows in
   * [cutMs, lakeToMs), the hot part and live batches. Null: no hot window, the day files hold everything.
   */
  cutMs: ms.nullable(),
  files: z.array(lakeFileRefSchema),
}).strict();
export type RollupPlan = z.infer<typeof rollupPlanSchema>;

export const factPlanSchema = z.object({
  kind: z.literal('fact'),
  table: z.enum(FACT_TABLES),
  /** Rows of the requested range at the plan's seq: lake files' rows in range + hot rows in range. */
  rows: z.number().int().nonnegative(),
  fromMs: ms.nullable(),
  toMs: ms.nullable(),
  /** File rows count only below this (the hot window's coverage start: later rows come with the hot part); null: no hot window. */
  lakeToMs: ms.nullable(),
  /** Day files holding rows of [fromMs, lakeToMs), and with rollups also of [min cutMs, lakeToMs). */
  files: z.array(lakeFileRefSchema),
  /** Hot rows (every hot row with rollups, else those in range), at the plan's seq. */
  hot: z.object({ url: z.string().startsWith(HOT_PART_PREFIX), rows: z.number().int().nonnegative() }).strict().nullable(),
  rollups: z.array(rollupPlanSchema),
}).strict();
export type FactPlan = z.infer<typeof factPlanSchema>;

export const dimensionPlanSchema = z.object({
  kind: z.literal('dimension'),
  table: z.enum(DIMENSIONS),
  rows: z.number().int().nonnegative(),
  files: z.array(lakeFileRefSchema),
}).strict();
export type DimensionPlan = z.infer<typeof dimensionPlanSchema>;

export const historyPlanSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('files'),
    planId: z.string(),
    /** Every hot part holds exactly the batches <= seq; the live stream continues after it. */
    seq: z.number().int().nonnegative(),
    /** The hot window's coverage start at the plan's instant (null: none). */
    coverageStartMs: ms.nullable(),
    tables: z.array(z.discriminatedUnion('kind', [factPlanSchema, dimensionPlanSchema])),
  }).strict(),
  // A user with a data scope: files would leak other regions' rows, so rows come filtered from /data/:table instead.
  z.object({ kind: z.literal('scoped'), reason: z.string() }).strict(),
]);
export type HistoryPlan = z.infer<typeof historyPlanSchema>;
export type FilesPlan = Extract<HistoryPlan, { kind: 'files' }>;
