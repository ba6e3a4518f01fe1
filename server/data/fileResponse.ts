// HTTP caching and byte ranges of a file answer, decided from its size and modification time alone (pure, so tested directly):
// a strong ETag, 304 on a matching If-None-Match, one byte range (206, or 416 when unsatisfiable), If-Range honoured.

export interface FileVersion { size: number; mtimeNs: bigint }

export interface RequestConditions { ifNoneMatch?: string | undefined; range?: string | undefined; ifRange?: string | undefined }

export type FileAnswer =
  | { status: 304; headers: Record<string, string> }
  | { status: 416; headers: Record<string, string> }
  | { status: 200 | 206; headers: Record<string, string>; start: number; end: number };

export const PARQUET_MIME = 'application/vnd.apache.parquet';

/**
 * Strong: lake files are written to a temp name and renamed into place, so one size and nanosecond mtime is one content
 * (a rewrite gets a new mtime). Strong validators are what If-Range needs to resume or split a download.
 */
export function strongEtag(v: FileVersion): string {
  return `"${v.size.toString(16)}-${v.mtimeNs.toString(16)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): opaque tags equal, W/ prefixes ignored. */
function noneMatchHits(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').map((t) => t.trim().replace(/^W\//, '')).includes(etag);
}

/** One `bytes=` range of a file of `size` bytes: [start, end] inclusive, 'unsatisfiable', or null to ignore the header. */
export function parseByteRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, other units or bad syntax: RFC 9110 lets a server ignore Range and send the whole file.
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

export function answerFileRequest(v: FileVersion, req: RequestConditions): FileAnswer {
  const etag = strongEtag(v);
  // Revalidate on every use: a path keeps its bytes, but the plan (not the cache) decides which paths are current.
  const base = { etag, 'cache-control': 'private, no-cache', 'accept-ranges': 'bytes' };
  if (req.ifNoneMatch && noneMatchHits(req.ifNoneMatch, etag)) return { status: 304, headers: base };
  const whole = { status: 200 as const, headers: { ...base, 'content-type': PARQUET_MIME, 'content-length': String(v.size) }, start: 0, end: v.size - 1 };
  // If-Range: a range only of the version the client already holds part of (strong comparison; a date never matches).
  if (!req.range || (req.ifRange !== undefined && req.ifRange.trim() !== etag)) return whole;
  const r = parseByteRange(req.range, v.size);
  if (r === null) return whole;
  if (r === 'unsatisfiable') return { status: 416, headers: { ...base, 'content-range': `bytes */${v.size}` } };
  return {
    status: 206,
    headers: { ...base, 'content-type': PARQUET_MIME, 'content-length': String(r.end - r.start + 1), 'content-range': `bytes ${r.start}-${r.end}/${v.size}` },
    start: r.start, end: r.end,
  };
}
