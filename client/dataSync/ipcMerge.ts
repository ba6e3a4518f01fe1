// Merges several Arrow IPC streams of one table into one stream, and finds a time column's minimum.
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';

export interface MergedIpc {
  ipc: Uint8Array;
  rows: number;
  /** Smallest value of the time column (epoch ms), or null when absent / empty. */
  minTimeMs: number | null;
}

function minOf(table: Table, column: string | undefined): number | null {
  if (!column) return null;
  const vec = table.getChild(column);
  if (!vec) return null;
  let min: number | null = null;
  for (let i = 0; i < vec.length; i++) {
    const v: unknown = vec.get(i);
    const ms = typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : typeof v === 'number' ? v : null;
    if (ms !== null && (min === null || ms < min)) min = ms;
  }
  return min;
}

/** One IPC stream holding every batch of `streams` in order; a single stream is passed through. */
export function mergeIpcStreams(streams: readonly Uint8Array[], timeColumn?: string): MergedIpc {
  const tables = streams.map((s) => tableFromIPC(s));
  const first = tables[0];
  if (!first) return { ipc: new Uint8Array(0), rows: 0, minTimeMs: null };
  const merged = tables.length === 1 ? first : new Table(first.schema, tables.flatMap((t) => t.batches));
  const mins = tables.map((t) => minOf(t, timeColumn)).filter((m): m is number => m !== null);
  return {
    ipc: tables.length === 1 ? streams[0]! : tableToIPC(merged, 'stream'),
    rows: merged.numRows,
    minTimeMs: mins.length ? Math.min(...mins) : null,
  };
}
