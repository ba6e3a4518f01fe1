// Hot-window parts of history plans, held between the plan and the client's fetch of them: the slices were cut at the
// plan's instant, so what the client downloads later is exactly what the plan's seq and file list were computed with.
import { randomUUID } from 'node:crypto';
import type { Table } from 'apache-arrow';
import type { FactTable } from '../../schema/tables.js';

export interface HotPart {
  /** The plan's seq: the slices hold exactly the batches <= seq. */
  seq: number;
  /** Zero-copy hot-window slices, every column in spec order. */
  tables: Table[];
  rows: number;
}

interface PlanEntry { owner: string; createdMs: number; parts: Map<FactTable, HotPart> }

export type HotPartLookup = { ok: true; part: HotPart } | { ok: false; status: 410; error: string };

export class HotPartStore {
  private readonly plans = new Map<string, PlanEntry>();

  constructor(private readonly o: {
    /** How long a plan's hot parts wait to be fetched (the slices keep evicted chunks' memory alive meanwhile). */
    ttlMs: number;
    /** Plans held at most; the oldest go first. */
    maxPlans: number;
    now?: () => number;
  }) {}

  private now(): number { return this.o.now?.() ?? Date.now(); }

  private prune(): void {
    const oldest = this.now() - this.o.ttlMs;
    for (const [id, p] of this.plans) if (p.createdMs < oldest || p.parts.size === 0) this.plans.delete(id);
    // Map order is insertion order: the first entries are the oldest.
    for (const id of this.plans.keys()) {
      if (this.plans.size < this.o.maxPlans) break;
      this.plans.delete(id);
    }
  }

  /** Keeps a plan's hot parts for `owner` (a user name); returns the plan id its URLs carry. */
  put(owner: string, parts: Map<FactTable, HotPart>): string {
    this.prune();
    const id = randomUUID();
    if (parts.size) this.plans.set(id, { owner, createdMs: this.now(), parts });
    return id;
  }

  /** Hands out one table's part once (a failed download re-plans rather than re-reading it). */
  take(planId: string, owner: string, table: FactTable): HotPartLookup {
    this.prune();
    const p = this.plans.get(planId);
    if (!p || p.owner !== owner) return { ok: false, status: 410, error: 'this plan expired or was already read: ask /data/plan again' };
    const part = p.parts.get(table);
    if (!part) return { ok: false, status: 410, error: `no hot part of ${table} left in this plan: ask /data/plan again` };
    p.parts.delete(table);
    return { ok: true, part };
  }

  get size(): number { return this.plans.size; }
}
