// Validates raw fact events, dead-letters the bad ones with a reason, drops duplicates by event key,
// and appends each accepted batch to the hot window (which gives it a live sequence number).
import { validateRow } from '../../schema/validateRow.js';
import { TABLES, type FactTable } from '../../schema/tables.js';
import type { TableSpec } from '../../schema/columns.js';
import type { HotChunk, HotWindow } from '../hot/hotWindow.js';
import type { DeadLetterStore } from './deadLetterStore.js';
import { EventKeyIndex, eventKey } from './eventKeys.js';
import { RateMeter } from '../../domain/metrics/rateMeter.js';

export interface IngestOutcome {
  accepted: number;
  rejected: number;
  duplicates: number;
  chunk: HotChunk | null;
  /** The accepted rows, validated (what the write-ahead log records). */
  rows: Record<string, unknown>[];
}

export interface IngestDeps {
  hot: HotWindow;
  deadLetters: DeadLetterStore;
  siteIds: ReadonlySet<number>;
  accountIds: ReadonlySet<number>;
  /** Product time (the simulator clock in embedded mode). */
  now: () => number;
  /** Events stamped later than now + this are rejected as clock errors. */
  maxFutureSkewMs?: number;
}

export class IngestPipeline {
  private readonly keys: Record<FactTable, EventKeyIndex> = {
    usage: new EventKeyIndex(), kpi: new EventKeyIndex(), alarm: new EventKeyIndex(),
  };
  readonly rate = new RateMeter();
  /** Events accepted since the process started, per fact table (/metrics reports them by table). */
  readonly acceptedByTable: Record<FactTable, number> = { usage: 0, kpi: 0, alarm: 0 };
  duplicatesTotal = 0;
  private readonly listeners = new Set<(c: HotChunk) => void>();

  constructor(private readonly deps: IngestDeps) {}

  get acceptedTotal(): number { return this.acceptedByTable.usage + this.acceptedByTable.kpi + this.acceptedByTable.alarm; }

  /** Called for every accepted chunk (live hub, rule engine). */
  onChunk(fn: (c: HotChunk) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Registers keys of rows already in the lake/hot window so replays of them count as duplicates. */
  rememberExisting(table: FactTable, cols: Record<string, readonly unknown[]>): void {
    const tc = TABLES[table].timeColumn;
    const names = TABLES[table].key;
    const ts = cols[tc] ?? [];
    for (let i = 0; i < ts.length; i++) {
      const r: Record<string, unknown> = {};
      for (const n of names) r[n] = cols[n]?.[i];
      r[tc] = ts[i];
      this.keys[table].add(eventKey(table, r), ts[i] as number);
    }
  }

  ingest(table: FactTable, raws: readonly unknown[], source: string): IngestOutcome {
    const { hot, deadLetters, siteIds, accountIds } = this.deps;
    const spec = TABLES[table].spec as TableSpec;
    const tc = TABLES[table].timeColumn;
    const keys = this.keys[table];
    const batchKeys = new Set<number | string>();
    const latest = this.deps.now() + (this.deps.maxFutureSkewMs ?? 5 * 60_000);
    const accepted: Record<string, unknown>[] = [];
    let rejected = 0, duplicates = 0;
    const reject = (code: string, reason: string, raw: unknown) => {
      rejected++;
      deadLetters.add(table, source, code, reason, raw, this.deps.now());
    };
    for (const raw of raws) {
      const v = validateRow(spec, raw);
      if (!v.ok) { reject(v.code, v.reason, raw); continue; }
      const row = v.row as Record<string, unknown>;
      const ts = row[tc] as number;
      if (!siteIds.has(row.site_id as number)) { reject('unknown_site', `unknown site_id ${String(row.site_id)}`, raw); continue; }
      if (table === 'usage' && !accountIds.has(row.account_id as number)) {
        reject('unknown_account', `unknown account_id ${String(row.account_id)}`, raw); continue;
      }
      if (ts < hot.coverageStartMs) { reject('late_event', `${tc} ${new Date(ts).toISOString()} is older than the hot window`, raw); continue; }
      if (ts > latest) { reject('future_timestamp', `${tc} ${new Date(ts).toISOString()} is in the future`, raw); continue; }
      const k = eventKey(table, row);
      if (keys.has(k) || batchKeys.has(k)) {
        // At-least-once sources redeliver; the copy is counted and kept for audit, never applied twice.
        duplicates++;
        reject('duplicate', `duplicate ${TABLES[table].key.join('+')} ${String(k)}`, raw);
        continue;
      }
      batchKeys.add(k);
      accepted.push(row);
    }
    for (const r of accepted) keys.add(eventKey(table, r), r[tc] as number);
    const chunk = hot.append(table, accepted);
    this.acceptedByTable[table] += accepted.length;
    this.duplicatesTotal += duplicates;
    this.rate.add(accepted.length);
    if (chunk) for (const fn of this.listeners) fn(chunk);
    return { accepted: accepted.length, rejected, duplicates, chunk, rows: accepted };
  }

  /** Drops keys that left the hot window together with its data. */
  evictKeys(): void {
    for (const k of Object.values(this.keys)) k.evictBefore(this.deps.hot.coverageStartMs);
  }
}
