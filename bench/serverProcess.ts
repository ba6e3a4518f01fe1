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
  // node --import tsx runs the entry in this very process: its pid is the server's, not a wrapper's.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(o.repoRoot, 'bench/benchServer.ts')], {
    cwd: o.repoRoot,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', OPSDECK_LAKE: o.lakeDir, OPSDECK_CLIENT_DIR: o.clientDir,
      OPSDECK_BENCH_PAGE_DIR: o.pageDir, OPSDECK_LOG_LEVEL: 'warn', OPSDECK_ADMIN_PASSWORD: adminPassword, ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench server not listening after 180 s\n${log.slice(-2000)}`)), 180_000);
    child.stdout?.on('data', (b: Buffer) => {
      log += b.toString();
      const m = /\{"listening":"([^"]+)"\}/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]!.replace('localhost', '127.0.0.1')); }
    });
    child.stderr?.on('data', (b: Buffer) => { log += b.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`bench server exited with ${code}\n${log.slice(-2000)}`)); });
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
