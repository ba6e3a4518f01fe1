// Caching and byte-range answers of a file, worked out by hand for a 1000-byte file.
import { describe, expect, it } from 'vitest';
import { answerFileRequest, parseByteRange, strongEtag } from '../../server/data/fileResponse.js';

const v = { size: 1000, mtimeNs: 1_700_000_000_123_456_789n };
const etag = strongEtag(v);

describe('file answers', () => {
  it('parses one byte range; several ranges or bad syntax are ignored; past the end is unsatisfiable', () => {
    expect(parseByteRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseByteRange('bytes=-8', 1000)).toEqual({ start: 992, end: 999 });
    expect(parseByteRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseByteRange('bytes=500-', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseByteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseByteRange('bytes=9-3', 1000)).toBeNull();
    expect(parseByteRange('items=0-1', 1000)).toBeNull();
    expect(parseByteRange('bytes=-', 1000)).toBeNull();
  });

  it('a strong ETag of size and nanosecond mtime; 304 on a match, weak or listed', () => {
    expect(etag).toBe(`"3e8-${(1_700_000_000_123_456_789n).toString(16)}"`);
    expect(answerFileRequest(v, { ifNoneMatch: etag }).status).toBe(304);
    expect(answerFileRequest(v, { ifNoneMatch: `"x", W/${etag}` }).status).toBe(304);
    expect(answerFileRequest(v, { ifNoneMatch: '*' }).status).toBe(304);
    expect(answerFileRequest({ ...v, mtimeNs: v.mtimeNs + 1n }, { ifNoneMatch: etag }).status).toBe(200);
  });

  it('206 with Content-Range, 416 past the end, the whole file when If-Range names another version', () => {
    const part = answerFileRequest(v, { range: 'bytes=10-19', ifRange: etag });
    expect(part).toMatchObject({ status: 206, start: 10, end: 19, headers: { 'content-range': 'bytes 10-19/1000', 'content-length': '10' } });
    expect(answerFileRequest(v, { range: 'bytes=2000-' })).toMatchObject({ status: 416, headers: { 'content-range': 'bytes */1000' } });
    expect(answerFileRequest(v, { range: 'bytes=10-19', ifRange: '"old"' })).toMatchObject({ status: 200, start: 0, end: 999 });
    expect(answerFileRequest(v, { range: 'bytes=10-19', ifRange: 'Wed, 21 Oct 2015 07:28:00 GMT' }).status).toBe(200);
    expect(answerFileRequest(v, {})).toMatchObject({ status: 200, headers: { etag, 'cache-control': 'private, no-cache', 'content-length': '1000' } });
  });
});
