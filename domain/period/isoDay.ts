// ISO calendar days ("2026-11-23") <-> UTC-midnight ms, the way rated tables and report periods key days.

/** A complete, real calendar day as UTC-midnight ms; null for anything else (2026-02-30, "11/23/2026", " 2026-11-23"). */
export function parseIsoDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real day reads back unchanged.
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : null;
}

/** UTC-midnight ms -> "2026-11-23". */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
