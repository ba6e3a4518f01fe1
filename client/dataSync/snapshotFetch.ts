// Fetches one table snapshot from the Arrow IPC data plane (`GET /data/:table`) with the seq it includes.
import { ARROW_STREAM_MIME, SNAPSHOT_ROWS_HEADER, SNAPSHOT_SEQ_HEADER } from '../../schema/dataPlane.js';
import type { TableName } from '../../schema/tables.js';
import { accessDeniedText, apiFetch, errorTextOf, HttpError } from '../api/apiFetch.js';

export interface Snapshot {
  table: TableName;
  ipc: Uint8Array;
  /** Last live seq the snapshot already contains. */
  seq: number;
  rows: number;
}

export function snapshotUrl(table: TableName, fromMs?: number): string {
  const q = fromMs === undefined ? '' : `?from=${fromMs}`;
  return `/data/${table}${q}`;
}

export async function fetchSnapshot(table: TableName, fromMs?: number, signal?: AbortSignal): Promise<Snapshot> {
  const res = await apiFetch(snapshotUrl(table, fromMs), signal ? { signal } : {});
  if (!res.ok) {
    const denied = accessDeniedText(res.status, `table ${table}`);
    throw new HttpError(res.status, denied ?? `snapshot ${table}: HTTP ${res.status} ${await errorTextOf(res)}`);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith(ARROW_STREAM_MIME)) throw new Error(`snapshot ${table}: unexpected content-type ${type}`);
  const seq = Number(res.headers.get(SNAPSHOT_SEQ_HEADER));
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`snapshot ${table}: missing ${SNAPSHOT_SEQ_HEADER}`);
  const rows = Number(res.headers.get(SNAPSHOT_ROWS_HEADER) ?? NaN);
  return { table, ipc: new Uint8Array(await res.arrayBuffer()), seq, rows: Number.isFinite(rows) ? rows : -1 };
}
