// Raw usage rows of a past window the browser does not hold (a replay inside one day, older than its last 24 h: the
// day rollup cannot tell which pairs fall inside): fetched once from the data plane (GET /data/usage?from&to&columns)
// into a DuckDB table of its own, the last few windows kept, so stepping back and forth never refetches.
import { ARROW_STREAM_MIME } from '../../../schema/dataPlane.js';
import { createTableSql, quoteIdent } from '../../../schema/duckdbSql.js';
import { TABLES } from '../../../schema/tables.js';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import { accessDeniedText, apiFetch, errorTextOf, HttpError } from '../../api/apiFetch.js';
import type { LiveDataset } from '../../dataSync/liveDataset.js';

/** What the served-pairs query reads (site, account, time), and the drill-down's account totals (tokens). */
export const WINDOW_USAGE_COLUMNS = ['site_id', 'account_id', 'ts', 'tokens_in', 'tokens_out'] as const;

export function windowUsageUrl(w: AssuranceWindow): string {
  return `/data/usage?from=${Math.floor(w.fromMs)}&to=${Math.floor(w.toMs)}&columns=${WINDOW_USAGE_COLUMNS.join(',')}`;
}

/** The window's usage rows as an Arrow IPC stream (the user's data scope applies on the server). */
export async function fetchWindowUsage(w: AssuranceWindow): Promise<Uint8Array> {
  const res = await apiFetch(windowUsageUrl(w));
  if (!res.ok) throw new HttpError(res.status, accessDeniedText(res.status, 'usage rows') ?? `usage rows: HTTP ${res.status} ${await errorTextOf(res)}`);
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith(ARROW_STREAM_MIME)) throw new Error(`usage rows: unexpected content-type ${type}`);
  return new Uint8Array(await res.arrayBuffer());
}

const SPEC = Object.fromEntries(WINDOW_USAGE_COLUMNS.map((c) => [c, TABLES.usage.spec[c]]));

export class WindowUsageCache {
  /** Window -> its table, least recently used first. */
  private readonly byWindow = new Map<string, { table: string; rows: Promise<string> }>();

  constructor(
    private readonly dataset: Pick<LiveDataset, 'replaceTable'>,
    private readonly fetchIpc: (w: AssuranceWindow) => Promise<Uint8Array> = fetchWindowUsage,
    private readonly slots = 4,
  ) {}

  /** Name of a table holding the window's usage rows, fetched on first use. */
  tableFor(w: AssuranceWindow): Promise<string> {
    const key = `${w.fromMs}-${w.toMs}`;
    const hit = this.byWindow.get(key);
    if (hit) {
      // Most recently used last: the slot reused next is the least recent one's.
      this.byWindow.delete(key);
      this.byWindow.set(key, hit);
      return hit.rows;
    }
    const { table, after } = this.freeSlot();
    // The slot's previous window may still be loading: ours replaces the table only after it.
    const rows = after.then(() => this.fetchIpc(w)).then(async (ipc) => {
      await this.dataset.replaceTable(table, createTableSql(table, SPEC, { orReplace: true }), ipc);
      return quoteIdent(table);
    });
    this.byWindow.set(key, { table, rows });
    // A failed fetch is not cached: the next refresh asks again.
    rows.catch(() => { if (this.byWindow.get(key)?.rows === rows) this.byWindow.delete(key); });
    return rows;
  }

  private freeSlot(): { table: string; after: Promise<unknown> } {
    const used = new Set([...this.byWindow.values()].map((e) => e.table));
    for (let i = 0; i < this.slots; i++) if (!used.has(`noc_window_usage_${i}`)) return { table: `noc_window_usage_${i}`, after: Promise.resolve() };
    const [oldest, entry] = this.byWindow.entries().next().value as [string, { table: string; rows: Promise<string> }];
    this.byWindow.delete(oldest);
    return { table: entry.table, after: entry.rows.catch(() => undefined) };
  }
}
