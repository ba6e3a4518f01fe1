// The Parquet files of one lake directory as readers must see them: compaction (compaction.ts) replaces many small
// live files by one, and a reader must see either the old files or their replacement, never both and never neither.
//
// How: the compactor writes the replacement under a temp name, records "replacement R supersedes files F" in
// SUPERSEDED_FILE, then renames R into place. A listing reads the directory first and the record second: if R was in
// the directory it read, the record (written before R appeared) is there too, and F are left out; if R was not, F
// are listed (and R is not). Superseded files stay on disk for a grace period, for readers that listed them earlier.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

export const SUPERSEDED_FILE = '_superseded.json';

/** One compaction: `replacement` holds exactly the rows of `files` (names inside the same directory). */
export interface Supersession { replacement: string; files: string[]; atMs: number }

export async function readSupersessions(dir: string): Promise<Supersession[]> {
  try {
    const raw = JSON.parse(await readFile(path.join(dir, SUPERSEDED_FILE), 'utf8')) as unknown;
    return Array.isArray(raw) ? raw as Supersession[] : [];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** File names of a directory's current Parquet files, sorted (full paths). */
export async function listParquetFiles(dir: string): Promise<string[]> {
  let names: string[];
  try { names = await readdir(dir); } catch { return []; }
  const parquet = names.filter((n) => n.endsWith('.parquet'));
  const present = new Set(parquet);
  const hidden = new Set<string>();
  for (const s of await readSupersessions(dir)) if (present.has(s.replacement)) for (const f of s.files) hidden.add(f);
  return parquet.filter((n) => !hidden.has(n)).sort().map((n) => path.join(dir, n));
}
