// Pins coalescing of live frames into one batch per table, seq tracking and the backlog bound.
import { describe, expect, it } from 'vitest';
import { FrameCoalescer } from '../../client/dataSync/frameCoalescer.js';

const bytes = (n: number) => new Uint8Array([n]);

describe('FrameCoalescer', () => {
  it('merges frames per table, keeps arrival order and the highest seq', () => {
    const c = new FrameCoalescer(1000);
    c.push({ table: 'usage', seq: 1, rows: 10, ipc: bytes(1), dedupe: false });
    c.push({ table: 'kpi', seq: 2, rows: 5, ipc: bytes(2), dedupe: false });
    c.push({ table: 'usage', seq: 3, rows: 7, ipc: bytes(3), dedupe: true });
    c.noteSeq(4);
    expect(c.pendingRows).toBe(22);
    const { batches, seq } = c.takeAll();
    expect(seq).toBe(4);
    expect(batches.map((b) => [b.table, b.seq, b.rows, b.ipcs.map((x) => x[0]), b.dedupe])).toEqual([
      ['usage', 3, 17, [1, 3], true],
      ['kpi', 2, 5, [2], false],
    ]);
    expect(c.isEmpty).toBe(true);
    expect(c.pendingRows).toBe(0);
  });

  it('a skipped frame alone still advances the seq', () => {
    const c = new FrameCoalescer(10);
    c.noteSeq(9);
    expect(c.isEmpty).toBe(false);
    expect(c.takeAll()).toEqual({ batches: [], seq: 9 });
  });

  it('reports overflow past the row bound', () => {
    const c = new FrameCoalescer(10);
    expect(c.push({ table: 'usage', seq: 1, rows: 10, ipc: bytes(1), dedupe: false })).toBe(true);
    expect(c.push({ table: 'usage', seq: 2, rows: 1, ipc: bytes(2), dedupe: false })).toBe(false);
  });
});
