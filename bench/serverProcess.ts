// Starts the bench server (real OpsDeck server + baseline routes) as its own process, so its RSS is its own.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { randomAdminPassword, signInWithPassword, type BenchSession } from './benchAuth.js';
import { peakRssBytes } from './processMemory.js';

export interface BenchServer {
  base: string;
  pid: number;
  /** The random password this server's `admin` user has for this run (OPSDECK_ADMIN_PASSWORD). */
  adminPassword: string;
  /** Admin's session on this server (one sign-in, made on first use and shared by every client of the server). */
  session(): Promise<BenchSession>;
  /** Peak RSS of the server process so far (VmHWM), bytes. */
  peakRss(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Starts a server entry as `node --import tsx <entry>` (the entry runs in that very process: its pid is the server's)
 * and waits for the line `ready` matches on stdout; the first capture group is the URL (localhost as 127.0.0.1).
 */
export async function spawnServerUntilListening(o: {
  repoRoot: string; entry: string; env: Record<string, string>; ready: RegExp; timeoutMs: number; detached?: boolean;
  onSpawn?: (child: ChildProcess) => void;
}): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(o.repoRoot, o.entry)], {
    cwd: o.repoRoot, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: o.detached ?? false,
  });
  o.onSpawn?.(child);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${o.entry} not listening after ${o.timeoutMs / 1000} s\n${log.slice(-3000)}`)), o.timeoutMs);
    child.stdout?.on('data', (b: Buffer) => {
      log = (log + b.toString()).slice(-20_000);
      const m = o.ready.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]!.replace('localhost', '127.0.0.1')); }
    });
    child.stderr?.on('data', (b: Buffer) => { log = (log + b.toString()).slice(-20_000); });
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`${o.entry} exited (${code ?? signal}) before listening\n${log.slice(-3000)}`)); });
  });
  return { child, url, exited };
}

export interface BenchServerOptions {
  repoRoot: string;
  lakeDir: string;
  port: number;
  clientDir: string;
  pageDir: string;
  /** Extra OPSDECK_* settings, e.g. OPSDECK_SIM_SPEED. */
  env?: Record<string, string>;
}

export async function startBenchServer(o: BenchServerOptions): Promise<BenchServer> {
  const port = o.port || await freePort();
  const adminPassword = randomAdminPassword();
  const { child, url: base } = await spawnServerUntilListening({
    repoRoot: o.repoRoot, entry: 'bench/benchServer.ts', ready: /\{"listening":"([^"]+)"\}/, timeoutMs: 180_000,
    env: {
      PORT: String(port), HOST: '127.0.0.1', OPSDECK_LAKE: o.lakeDir, OPSDECK_CLIENT_DIR: o.clientDir,
      OPSDECK_BENCH_PAGE_DIR: o.pageDir, OPSDECK_LOG_LEVEL: 'warn', OPSDECK_ADMIN_PASSWORD: adminPassword, ...o.env,
    },
  });
  const pid = child.pid!;
  let session: Promise<BenchSession> | null = null;
  return {
    base, pid, adminPassword,
    session() {
      session ??= signInWithPassword(base, 'admin', adminPassword);
      session.catch(() => { session = null; });
      return session;
    },
    peakRss: () => peakRssBytes(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
