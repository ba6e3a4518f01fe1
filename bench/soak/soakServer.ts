// The real server (the `npm start` entry, without the client build) as a child process the drill can kill -9
// and start again on the same lake, state file and port.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnServerUntilListening } from '../serverProcess.js';

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
  // Detached: the server is a process group of its own, killed whole.
  const { child, url, exited } = await spawnServerUntilListening({
    repoRoot: o.repoRoot, entry: 'server/start.ts', ready: /OpsDeck listening on (\S+)/, timeoutMs: 240_000, detached: true, onSpawn: o.onSpawn,
    env: {
      NODE_ENV: 'production', PORT: String(o.port), HOST: '127.0.0.1', OPSDECK_LAKE: o.lakeDir,
      OPSDECK_CLIENT_DIR: path.join(o.lakeDir, '..', 'no-client'), OPSDECK_LOG_LEVEL: 'warn', OPSDECK_ADMIN_PASSWORD: o.adminPassword, ...o.env,
    },
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
