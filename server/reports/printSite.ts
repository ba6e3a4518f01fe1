// The built client served on a loopback port for the renderer's Chromium only: hashed assets are cacheable forever, so
// after the first rendering Chromium loads the print route's code from its own cache instead of asking this process.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ico': 'image/x-icon',
};

/** API paths the print page must never need (the report is injected): answered 401 so a stray call fails fast. */
const API_PATH = /^\/(trpc|data|live|auth|admin|reports|healthz)\b/;

export interface PrintSite { origin: string; close(): Promise<void> }

export async function startPrintSite(clientDir: string): Promise<PrintSite> {
  const root = path.resolve(clientDir);
  const server: Server = createServer((req, res) => {
    let rel: string;
    try { rel = decodeURIComponent(new URL(req.url ?? '/', 'http://print').pathname); } catch { res.writeHead(400).end(); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
    if (API_PATH.test(rel)) { res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"the print page has no session"}'); return; }
    const file = path.resolve(root, `.${rel === '/' ? '/index.html' : rel}`);
    const inside = file.startsWith(root + path.sep);
    const target = inside && existsSync(file) && statSync(file).isFile() ? file : path.join(root, 'index.html');
    // Vite's assets carry a content hash in their names; the shell does not and is always re-read.
    const immutable = target !== path.join(root, 'index.html') && rel.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(target)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(target).on('error', () => res.destroy()).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
