// npm start's supervisor: a server killed after it was up (kill -9, out of memory) is started again and serves;
// one that cannot start (bad configuration) ends the supervisor with an error instead of a restart loop.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/serverProcess.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';
import { trackChild } from '../processRegistry.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stops: (() => Promise<void>)[] = [];
afterAll(async () => { for (const s of stops) await s(); });

function supervise(env: Record<string, string>): { p: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const p = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/supervise.ts')], {
    cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', OPSDECK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  const tracked = trackChild(p);
  stops.push(() => tracked.stop(5_000));
  let out = '';
  p.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  p.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  return { p, out: () => out, exited: new Promise((r) => p.once('exit', (code) => r(code))) };
}

async function until(what: string, cond: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('supervisor', () => {
  it('restarts a server that was killed with SIGKILL, and stops it gracefully on SIGTERM', async () => {
    const { dir } = await tinyLake();
    const port = await freePort();
    const s = supervise({ PORT: String(port), OPSDECK_LAKE: dir, OPSDECK_ADMIN_PASSWORD: 'Sup3rvisor-pass', OPSDECK_CLIENT_DIR: path.join(dir, 'none') });
    const pids = () => [...s.out().matchAll(/server started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    await until('the first server', () => /OpsDeck listening on/.test(s.out()));
    const [first] = pids();
    process.kill(first!, 'SIGKILL');
    await until('the restart', () => s.out().match(/OpsDeck listening on/g)?.length === 2);
    expect(s.out()).toMatch(/server died \(signal SIGKILL\)/);
    expect(pids()).toHaveLength(2);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    process.kill(s.p.pid!, 'SIGTERM');
    expect(await s.exited).toBe(0);
    // The restarted server went down with it.
    expect(() => process.kill(pids()[1]!, 0)).toThrow();
  }, 180_000);

  it('a server that cannot start ends the supervisor with an error, without restarting', async () => {
    const s = supervise({ PORT: 'not-a-port' });
    expect(await s.exited).toBe(1);
    expect(s.out()).toMatch(/bad configuration: PORT/);
    expect(s.out()).toMatch(/not restarting/);
    expect(s.out().match(/server started/g)).toHaveLength(1);
  }, 60_000);
});
