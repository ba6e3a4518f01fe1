// NOC map benchmark in headless Chromium: frame time and live-update cost at 2,000 sites updated every second.
// Run: `npx tsx bench/nocMapBench.ts [--sites 2000] [--seconds 15]`; prints JSON lines {"name","value","unit",...}.
import { createServer } from 'node:http';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : def; };
const SITES = arg('sites', 2000);
const SECONDS = arg('seconds', 15);

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return { mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN, n: s.length };
}

const out = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-noc-bench-'));
process.env.NODE_ENV = 'production';
await build({ root: path.join(here, 'nocMap'), base: './', logLevel: 'warn', plugins: [react()], build: { outDir: out, emptyOutDir: true } , configFile: false });
const server = createServer(async (req, res) => {
  const p = path.join(out, decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/$/, '/index.html')));
  try {
    const body = await readFile(p);
    res.writeHead(200, { 'content-type': p.endsWith('.js') ? 'text/javascript' : p.endsWith('.css') ? 'text/css' : 'text/html' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/index.html?sites=${SITES}&updateMs=1000`);
  await page.waitForFunction(() => !!window.__bench && window.__bench.frames.length > 30, undefined, { timeout: 60_000 });
  // Drop warm-up, then measure a steady window.
  await page.evaluate(() => { window.__bench!.frames.length = 0; window.__bench!.updates.length = 0; });
  await page.waitForTimeout(SECONDS * 1000);
  const r = await page.evaluate(() => ({ frames: [...window.__bench!.frames], updates: [...window.__bench!.updates] }));
  const f = stats(r.frames), u = stats(r.updates);
  const common = { sites: SITES, updateEveryMs: 1000, seconds: SECONDS, renderer: 'chromium headless, SwiftShader (software WebGL)' };
  console.log(JSON.stringify({ name: 'noc_map_frame_time_mean', value: +f.mean.toFixed(2), unit: 'ms', p50: +f.p50.toFixed(2), p95: +f.p95.toFixed(2), max: +f.max.toFixed(2), frames: f.n, ...common }));
  console.log(JSON.stringify({ name: 'noc_map_fps', value: +(1000 / f.mean).toFixed(1), unit: 'fps', ...common }));
  console.log(JSON.stringify({ name: 'noc_map_update_cost_mean', value: +u.mean.toFixed(2), unit: 'ms', p50: +u.p50.toFixed(2), p95: +u.p95.toFixed(2), max: +u.max.toFixed(2), updates: u.n, ...common }));
} finally {
  await browser.close();
  server.close();
  await rm(out, { recursive: true, force: true });
}
