// Loads the server's rated tables (one rating version) from the Arrow data plane into the browser's DuckDB.
import { ARROW_STREAM_MIME } from '../../../schema/dataPlane.js';
import { createTableSql } from '../../../schema/duckdbSql.js';
import { RATED_TABLES, RATED_TABLE_NAMES, RATED_VERSION_HEADER, type RatedTableName } from '../../../schema/ratedTables.js';
import { accessDeniedText, apiFetch, errorTextOf, HttpError } from '../../api/apiFetch.js';

export interface RatedTableSink {
  replaceTable(table: string, createSql: string, ipc: Uint8Array): Promise<void>;
}

async function fetchRated(table: RatedTableName): Promise<{ ipc: Uint8Array; version: number } | 'not-ready'> {
  const res = await apiFetch(`/data/${table}`);
  if (res.status === 503) return 'not-ready';
  if (!res.ok) throw new HttpError(res.status, accessDeniedText(res.status, `rated table ${table}`) ?? `rated table ${table}: HTTP ${res.status} ${await errorTextOf(res)}`);
  if (!(res.headers.get('content-type') ?? '').startsWith(ARROW_STREAM_MIME)) throw new Error(`rated table ${table}: not Arrow`);
  const version = Number(res.headers.get(RATED_VERSION_HEADER));
  if (!Number.isSafeInteger(version)) throw new Error(`rated table ${table}: missing ${RATED_VERSION_HEADER}`);
  return { ipc: new Uint8Array(await res.arrayBuffer()), version };
}

/**
 * Fetches all rated tables; if the server re-rated between two fetches (versions differ) it fetches
 * again, so the browser never mixes versions. Returns the version loaded, or null while not rated yet.
 */
export async function loadRatedTables(sink: RatedTableSink, attempts = 3): Promise<number | null> {
  for (let i = 0; i < attempts; i++) {
    const got = await Promise.all(RATED_TABLE_NAMES.map(fetchRated));
    if (got.some((g) => g === 'not-ready')) return null;
    const parts = got as { ipc: Uint8Array; version: number }[];
    const version = parts[0]!.version;
    if (parts.some((p) => p.version !== version)) continue;
    for (let j = 0; j < RATED_TABLE_NAMES.length; j++) {
      const name = RATED_TABLE_NAMES[j]!;
      await sink.replaceTable(name, createTableSql(name, RATED_TABLES[name], { orReplace: true }), parts[j]!.ipc);
    }
    return version;
  }
  throw new Error('rated tables kept changing while loading');
}
