// Vitest global setup: one process registry per run (test/processRegistry.ts) whose groups the teardown kills, and a
// sweep of registries left by runs whose vitest process died before its own teardown.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROCESS_REGISTRY_ENV, killRecordedGroups } from './processRegistry.js';

const PREFIX = 'opsdeck-test-processes-';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

function sweepAbandoned(): void {
  for (const name of readdirSync(os.tmpdir())) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const dir = path.join(os.tmpdir(), name);
    killRecordedGroups(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

export default function setup(): () => void {
  sweepAbandoned();
  const dir = mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
  // Workers are forked after this and inherit it.
  process.env[PROCESS_REGISTRY_ENV] = dir;
  return () => {
    const killed = killRecordedGroups(dir);
    if (killed > 0) process.stderr.write(`[test teardown] killed ${killed} process group(s) that tests left running\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
