// Idempotency: remembers the identity key of every accepted event in the hot window, per fact table.
import type { FactTable } from '../../schema/tables.js';

type Key = number | string;
const TWO_32 = 2 ** 32;

/** Identity of an event as DESIGN.md defines it (TABLES[t].key), packed into a number when exact. */
export function eventKey(table: FactTable, row: Record<string, unknown>): Key {
  switch (table) {
    case 'usage': return row.event_id as number;
    case 'kpi': {
      const site = row.site_id as number, ts = row.ts as number;
      return ts % 1000 === 0 && site < 2 ** 21 ? site * TWO_32 + ts / 1000 : `${site}|${ts}`;
    }
    case 'alarm': {
      const id = row.alarm_id as number;
      const cleared = row.state === 'cleared' ? 1 : 0;
      return id < 2 ** 52 ? id * 2 + cleared : `${id}|${cleared}`;
    }
  }
}

/** Key set with hourly buckets so keys leave memory with the hot window. */
export class EventKeyIndex {
  private readonly keys = new Set<Key>();
  private readonly buckets = new Map<number, Key[]>();

  has(k: Key): boolean { return this.keys.has(k); }

  add(k: Key, tsMs: number): void {
    this.keys.add(k);
    const b = Math.floor(tsMs / 3_600_000);
    let list = this.buckets.get(b);
    if (!list) this.buckets.set(b, (list = []));
    list.push(k);
  }

  get size(): number { return this.keys.size; }

  /** Forgets keys of events older than the hour containing `beforeMs` (they are checked as late). */
  evictBefore(beforeMs: number): void {
    const limit = Math.floor(beforeMs / 3_600_000);
    for (const [b, list] of this.buckets) {
      if (b >= limit) continue;
      for (const k of list) this.keys.delete(k);
      this.buckets.delete(b);
    }
  }
}
