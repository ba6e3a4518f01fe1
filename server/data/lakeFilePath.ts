// Which lake files the browser may download, and their URLs: one strict grammar both ways, so a URL can only ever name a
// raw fact day file, a dimension file or a rollup day file inside the lake (never `fault`, history, state or a temp file).
import path from 'node:path';
import { LAKE_FILES_PREFIX } from '../../schema/dataPlane.js';
import { ROLLUP_NAMES } from '../../schema/rollups.js';
import { FACT_TABLES } from '../../schema/tables.js';
import { ROLLUP_DIR } from '../../pipelines/lake/lakeLayout.js';

const DIMENSIONS = ['site', 'tier', 'account'] as const;
const DAY_DIR = /^date=\d{4}-\d{2}-\d{2}$/;
/** A Parquet file name: starts with a letter or digit (so never `.` or `..`), no separators, ends in `.parquet`. */
const PARQUET_NAME = /^[A-Za-z0-9][A-Za-z0-9._=-]*\.parquet$/;

const isOneOf = (list: readonly string[], s: string | undefined): boolean => s !== undefined && list.includes(s);

/** True when these lake-relative path segments name a file the route may serve. */
export function isServableLakePath(segments: readonly string[]): boolean {
  const [a, b, c, d] = segments;
  switch (segments.length) {
    case 2: return isOneOf(DIMENSIONS, a) && PARQUET_NAME.test(b!);
    case 3: return isOneOf(FACT_TABLES, a) && DAY_DIR.test(b!) && PARQUET_NAME.test(c!);
    case 4: return a === ROLLUP_DIR && isOneOf(ROLLUP_NAMES, b) && DAY_DIR.test(c!) && PARQUET_NAME.test(d!);
    default: return false;
  }
}

/** The download URL of a lake file; throws for a file outside the grammar (a plan must never silently leave one out). */
export function lakeFileUrl(lakeDir: string, file: string): string {
  const rel = path.relative(path.resolve(lakeDir), path.resolve(file));
  const segments = rel.split(path.sep);
  if (!isServableLakePath(segments)) throw new Error(`lake file outside the servable layout: ${rel}`);
  // The grammar admits no character that needs percent-encoding.
  return LAKE_FILES_PREFIX + segments.join('/');
}

export type LakeFileLookup = { ok: true; file: string } | { ok: false; error: string };

/**
 * The lake file a request path (the part after LAKE_FILES_PREFIX, still percent-encoded, query included or not) names.
 * Each segment is decoded on its own, so an encoded `/` or `..` cannot change the path's shape.
 */
export function lakeFileOfUrlPath(lakeDir: string, encodedRest: string): LakeFileLookup {
  const raw = encodedRest.split('?')[0] ?? '';
  const segments: string[] = [];
  for (const s of raw.split('/')) {
    try { segments.push(decodeURIComponent(s)); } catch { return { ok: false, error: 'malformed percent-encoding in the file path' }; }
  }
  if (!isServableLakePath(segments)) {
    return { ok: false, error: 'not a lake file path: expected <usage|kpi|alarm>/date=YYYY-MM-DD/<name>.parquet, <site|tier|account>/<name>.parquet or rollup/<rollup>/date=YYYY-MM-DD/<name>.parquet' };
  }
  const root = path.resolve(lakeDir);
  const file = path.join(root, ...segments);
  // The grammar already rules out `..`; this keeps the guarantee if the grammar ever widens.
  if (!file.startsWith(root + path.sep)) return { ok: false, error: 'path escapes the lake' };
  return { ok: true, file };
}
