// Collects live frames while DuckDB is busy and hands them over as one batch per table (bounded backlog).
import type { FactTable } from '../../schema/tables.js';

export interface LiveFrame {
  table: FactTable;
  seq: number;
  rows: number;
  ipc: Uint8Array;
  /** The frame may overlap the snapshot: insert only rows whose key is missing. */
  dedupe: boolean;
}

export interface CoalescedBatch {
  table: FactTable;
  /** Highest seq among the coalesced frames. */
  seq: number;
  rows: number;
  ipcs: Uint8Array[];
  dedupe: boolean;
}

/**
 * Frames are appended as they arrive; `takeAll` empties the backlog into at most one batch per
 * table, so however fast frames come, DuckDB sees one insert per table per drain. The backlog is
 * bounded by `maxPendingRows`: past it `push` reports overflow and the caller re-snapshots.
 */
export class FrameCoalescer {
  private pending = new Map<FactTable, CoalescedBatch>();
  private pendingRowsTotal = 0;
  private lastSeq: number | null = null;

  constructor(private readonly maxPendingRows: number) {}

  get pendingRows(): number { return this.pendingRowsTotal; }
  get isEmpty(): boolean { return this.pending.size === 0 && this.lastSeq === null; }
  /** Highest seq pushed (and not cleared), or null. */
  get highestSeq(): number | null { return this.lastSeq; }

  /** Returns false when the backlog is over its bound (the frame is still kept). */
  push(frame: LiveFrame): boolean {
    const cur = this.pending.get(frame.table);
    if (cur) {
      cur.seq = Math.max(cur.seq, frame.seq);
      cur.rows += frame.rows;
      cur.ipcs.push(frame.ipc);
      cur.dedupe ||= frame.dedupe;
    } else {
      this.pending.set(frame.table, { table: frame.table, seq: frame.seq, rows: frame.rows, ipcs: [frame.ipc], dedupe: frame.dedupe });
    }
    this.pendingRowsTotal += frame.rows;
    this.lastSeq = Math.max(this.lastSeq ?? frame.seq, frame.seq);
    return this.pendingRowsTotal <= this.maxPendingRows;
  }

  /** Records a frame that needs no insert (already in the snapshot) so the applied seq still advances in order. */
  noteSeq(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq ?? seq, seq);
  }

  /** Empties the backlog; batches come out in order of their table's first pending frame. */
  takeAll(): { batches: CoalescedBatch[]; seq: number | null } {
    const batches = [...this.pending.values()];
    const seq = this.lastSeq;
    this.clear();
    return { batches, seq };
  }

  clear(): void {
    this.pending.clear();
    this.pendingRowsTotal = 0;
    this.lastSeq = null;
  }
}
