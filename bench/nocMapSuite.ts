// NOC map suite in headless Chromium (SwiftShader): deck.gl frame time and live-update cost with N synthetic sites updated every second.
import { createServer } from 'node:http';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';
import { round3, summarize, type BenchLine } from './benchRecord.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const UPDATE_EVERY_MS = 1000;

export interface NocMapSuiteOptions {
  sites: number;
  /** Steady seconds measured after the warm-up. */
  seconds: number;
  /** Frames drawn before measuring (first frames include shader compilation). */
  warmupFrames?: number;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export async function runNocMapSuite(o: NocMapSuiteOptions): Promise<BenchLine[]> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-noc-bench-'));
  // React's production build: vitest and tsx may leave NODE_ENV unset or 'test'.
  const prevEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const server = createServer(async (req, res) => {
    const p = path.join(out, decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/$/, '/index.html')));
    try {
      const body = await readFile(p);
      res.writeHead(200, { 'content-type': p.endsWith('.js') ? 'text/javascript' : p.endsWith('.css') ? 'text/css' : 'text/html' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  try {
    await build({ root: path.join(here, 'nocMap'), base: './', logLevel: 'warn', plugins: [react()], build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 4000 }, configFile: false });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`http://127.0.0.1:${port}/index.html?sites=${o.sites}&updateMs=${UPDATE_EVERY_MS}`);
      await page.waitForFunction((n) => !!window.__bench && window.__bench.frames.length > n, o.warmupFrames ?? 30, { timeout: 60_000 });
      await page.evaluate(() => { window.__bench!.frames.length = 0; window.__bench!.updates.length = 0; });
      await page.waitForTimeout(o.seconds * 1000);
      // At least one live update must land in the measured window, however short.
      await page.waitForFunction(() => window.__bench!.updates.length > 0, undefined, { timeout: 30_000 });
      const r = await page.evaluate(() => ({ frames: [...window.__bench!.frames], updates: [...window.__bench!.updates] }));
      if (!r.frames.length) throw new Error('noc map bench: no frames measured');
      const f = summarize(r.frames), u = summarize(r.updates);
      const common = { sites: o.sites, updateEveryMs: UPDATE_EVERY_MS, seconds: o.seconds, renderer: 'chromium headless, SwiftShader (software WebGL)' };
      const fMean = mean(r.frames), uMean = mean(r.updates);
      return [
        { name: 'noc_map_frame_time_mean', value: round3(fMean), unit: 'ms', p50: round3(f.p50), p95: round3(f.p95), max: round3(Math.max(...r.frames)), frames: f.runs, ...common },
        { name: 'noc_map_fps', value: round3(1000 / fMean), unit: 'fps', ...common },
        { name: 'noc_map_update_cost_mean', value: round3(uMean), unit: 'ms', p50: round3(u.p50), p95: round3(u.p95), max: round3(Math.max(...r.updates)), updates: u.runs, ...common },
      ];
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
    if (prevEnv === undefined) delete process.env.NODE_ENV; else process.env.NODE_ENV = prevEnv;
    await rm(out, { recursive: true, force: true });
  }
}
