// The real server (the `npm start` entry, without the client build) as a child process the drill can kill -9
// and start again on the same lake, state file and port.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface SoakServerOptions {
  repoRoot: string;
  lakeDir: string;
  port: number;
  adminPassword: string;
  /** Extra settings, e.g. OPSDECK_FLUSH_INTERVAL_MS. */
  env?: Record<string, string>;
  /** Called with every process started (e.g. a test's process registry), so nothing outlives its run. */
  onSpawn?: (child: ChildProcess) => void;
}

export interface SoakServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Kills the process outright (no flush, no shutdown hook): what a crash or the OOM killer does. */
  kill9(): Promise<void>;
  /** SIGTERM: the server stops its sources and flushes before it exits. */
  stop(): Promise<void>;
}

export async function startSoakServer(o: SoakServerOptions): Promise<SoakServerProcess> {
  // node --import tsx runs the entry in this very process, and detached makes it a group we can kill whole.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(o.repoRoot, 'server/start.ts')], {
    cwd: o.repoRoot,
    env: {
      ...process.env, NODE_ENV: 'production', PORT: String(o.port), HOST: '127.0.0.1', OPSDECK_LAKE: o.lakeDir,
      OPSDECK_CLIENT_DIR: path.join(o.lakeDir, '..', 'no-client'), OPSDECK_LOG_LEVEL: 'warn', OPSDECK_ADMIN_PASSWORD: o.adminPassword, ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  o.onSpawn?.(child);
  let log = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not listening after 240 s\n${log.slice(-3000)}`)), 240_000);
    child.stdout?.on('data', (b: Buffer) => {
      log += b.toString();
      const m = /OpsDeck listening on (\S+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]!.replace('localhost', '127.0.0.1')); }
    });
    child.stderr?.on('data', (b: Buffer) => { log = (log + b.toString()).slice(-20_000); });
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}) before listening\n${log.slice(-3000)}`)); });
  });
  const killGroup = (signal: NodeJS.Signals) => { try { process.kill(-child.pid!, signal); } catch { /* already gone */ } };
  return {
    url, pid: child.pid!, child,
    async kill9() { killGroup('SIGKILL'); await exited; },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
