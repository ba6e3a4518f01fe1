// Every process group a test starts is recorded (one file per group in a per-run directory under os.tmpdir()), so the
// test's own cleanup, the worker's exit and the vitest global teardown (test/globalSetup.ts) can all end it: a child
// never outlives the suite, whether its test passed, failed or timed out.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Set by the global setup for the whole run; workers inherit it. */
export const PROCESS_REGISTRY_ENV = 'OPSDECK_TEST_PROCESS_DIR';

/** Kernel start time of a process (field 22 of /proc/<pid>/stat), to tell a recorded process from a later one with its pid. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch { return null; }
}

function processGroupOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch { return null; }
}

/** True when the signal reached the group (false: no such group any more). */
function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try { process.kill(-pgid, signal); return true; } catch { return false; }
}

const live = new Set<number>();
let exitHookInstalled = false;

export interface TrackedChild {
  readonly pgid: number;
  /** SIGKILL to the whole group (npx -> tsx -> node and whatever they started) and forget it. */
  kill(): void;
  /** SIGTERM to the group, up to `graceMs` for all of it to exit, then SIGKILL to what is left and forget it. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Records `child`, which must have been spawned with `detached: true` (it leads its own process group), in this run's
 * registry. Kill it with the returned handle in afterAll/afterEach; the worker's exit and the global teardown kill
 * whatever is still recorded.
 */
export function trackChild(child: ChildProcess): TrackedChild {
  const pid = child.pid;
  if (pid === undefined) throw new Error('trackChild: the child did not start (no pid)');
  const group = processGroupOf(pid);
  if (group !== null && group !== pid) throw new Error(`trackChild: pid ${pid} is not a process group leader; spawn it with detached: true`);
  const dir = process.env[PROCESS_REGISTRY_ENV];
  const file = dir ? path.join(dir, String(pid)) : null;
  if (file) { mkdirSync(dir!, { recursive: true }); writeFileSync(file, startTimeOf(pid) ?? ''); }
  live.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Synchronous: a worker that ends without running its test's cleanup still ends its children.
    process.once('exit', () => { for (const g of live) killGroup(g, 'SIGKILL'); });
  }
  const forget = () => {
    live.delete(pid);
    if (file) rmSync(file, { force: true });
  };
  const kill = () => { killGroup(pid, 'SIGKILL'); forget(); };
  return {
    pgid: pid,
    kill,
    async stop(graceMs = 500) {
      // Until every process of the group has exited (a leader like npx may exit before the server it started), or the grace ends.
      if (killGroup(pid, 'SIGTERM')) {
        for (let waitedMs = 0; waitedMs < graceMs && killGroup(pid, 0); waitedMs += 25) await new Promise((r) => setTimeout(r, 25));
      }
      // Always, even after the leader exited: its children may still be running in the group.
      kill();
    },
  };
}

/** `spawn` with its own process group, tracked. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): { child: ChildProcess; tracked: TrackedChild } {
  const child = spawn(command, args, { ...options, detached: true });
  return { child, tracked: trackChild(child) };
}

/** SIGKILLs every group recorded in `dir` (skipping a pid since reused by another process), empties the registry, and says how many groups were still there. */
export function killRecordedGroups(dir: string): number {
  let killed = 0;
  let entries: string[] = [];
  try { entries = readdirSync(dir); } catch { return 0; }
  for (const name of entries) {
    const pgid = Number(name);
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    let recorded = '';
    try { recorded = readFileSync(path.join(dir, name), 'utf8'); } catch { /* removed meanwhile */ }
    const now = startTimeOf(pgid);
    // The leader's pid now names another process: the kernel does not reuse a pid still in use as a group id, so the old group is gone.
    const reused = now !== null && recorded !== '' && now !== recorded;
    if (!reused && killGroup(pgid, 'SIGKILL')) killed++;
    rmSync(path.join(dir, name), { force: true });
  }
  return killed;
}
