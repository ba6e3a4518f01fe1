// `GET /data/files/<lake path>`: a lake Parquet file as it exists now, for readers of data without a data scope (a file
// holds every region's rows); strong ETag, 304, one byte range. A plain read of a path: a file superseded since the plan
// answers 404, and the client asks for a new plan.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { LAKE_FILES_PREFIX } from '../../schema/dataPlane.js';
import type { AuthUser } from '../identity/identityService.js';
import type { DataScope } from '../identity/dataScope.js';
import { deny } from '../identity/httpAuth.js';
import { answerFileRequest } from './fileResponse.js';
import { lakeFileOfUrlPath } from './lakeFilePath.js';

/** Opens a regular file without following a symlink in its last component; null when it does not exist (any more). */
async function openRegularFile(file: string): Promise<FileHandle | null> {
  let fh: FileHandle;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return null;
    throw e;
  }
  return fh;
}

export function registerLakeFileRoute(app: FastifyInstance, lakeDir: string, scopeOf: (u: AuthUser | null) => DataScope): void {
  app.get(`${LAKE_FILES_PREFIX}*`, { config: { permission: 'data.read' } }, async (req, reply) => {
    if (!scopeOf(req.user).unrestricted) {
      return deny(reply, 403, 'lake files hold every region: a user with a data scope reads /data/:table, which filters rows');
    }
    const found = lakeFileOfUrlPath(lakeDir, req.url.slice(LAKE_FILES_PREFIX.length));
    if (!found.ok) return reply.code(400).header('cache-control', 'no-store').send({ error: found.error });
    const fh = await openRegularFile(found.file);
    const gone = () => reply.code(404).header('cache-control', 'no-store')
      .send({ error: 'no such lake file (superseded or removed since the plan was made): ask /data/plan again' });
    if (!fh) return gone();
    // Size, mtime and bytes all come from the open handle: a rename over the path meanwhile cannot mix two versions.
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) { await fh.close(); return gone(); }
    const answer = answerFileRequest({ size: Number(st.size), mtimeNs: st.mtimeNs }, {
      ifNoneMatch: req.headers['if-none-match'], range: req.headers.range,
      ifRange: typeof req.headers['if-range'] === 'string' ? req.headers['if-range'] : undefined,
    });
    reply.code(answer.status).headers(answer.headers);
    if (answer.status === 304 || answer.status === 416 || answer.end < answer.start || req.method === 'HEAD') {
      await fh.close();
      return reply.send();
    }
    // The stream closes the handle when it ends or the client goes away.
    return reply.send(fh.createReadStream({ start: answer.start, end: answer.end }));
  });
}
