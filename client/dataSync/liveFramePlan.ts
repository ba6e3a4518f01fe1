// Decides, per live frame, whether its rows are already in the table's snapshot (pure; see dataLoader.ts).
/**
 * - `skip`: every batch in the frame has seq <= the table's snapshot seq, so the snapshot has it.
 * - `insert`: every batch is newer than the snapshot.
 * - `insert-dedupe`: the frame may coalesce batches on both sides of the snapshot seq, so only
 *   rows whose key is not yet present are inserted (rare: only right after subscribing).
 * `prevSeq` is the seq of the previous frame of the same table on this subscription (or the
 * subscription's afterSeq): the frame's batches all lie in (prevSeq, frameSeq].
 */
export type FrameAction = 'skip' | 'insert' | 'insert-dedupe';

export function planLiveFrame(frameSeq: number, prevSeq: number, snapshotSeq: number): FrameAction {
  if (frameSeq <= snapshotSeq) return 'skip';
  if (prevSeq >= snapshotSeq) return 'insert';
  // prevSeq < snapshotSeq < frameSeq: part of the frame may already be in the snapshot.
  return 'insert-dedupe';
}
