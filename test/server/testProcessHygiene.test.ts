// Test hygiene: every process group a test starts is recorded and ended, by the test's handle, by the global teardown's
// sweep of the registry, and even when the group leader ignores SIGTERM or has already exited.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESS_REGISTRY_ENV, killRecordedGroups, spawnTracked, trackChild } from '../processRegistry.js';

/** True while any process of the group exists (zombies included, until reaped). */
const groupAlive = (pgid: number) => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
const waitGone = async (pgid: number) => { for (let i = 0; i < 400 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 25)); };
/** A leader with a child of its own (the shape of npx -> tsx -> node), both sleeping. */
const family = (script = 'sleep 300 & sleep 301') => spawnTracked('sh', ['-c', script], { stdio: 'ignore' });

describe('test process registry', () => {
  it('the global setup gave this worker a registry directory', () => {
    const dir = process.env[PROCESS_REGISTRY_ENV];
    expect(dir).toBeTruthy();
    expect(existsSync(dir!)).toBe(true);
  });

  it('records a tracked group and kill() ends the whole group (grandchildren too) and forgets it', async () => {
    const { tracked } = family();
    const file = path.join(process.env[PROCESS_REGISTRY_ENV]!, String(tracked.pgid));
    expect(existsSync(file)).toBe(true);
    tracked.kill();
    await waitGone(tracked.pgid);
    expect(groupAlive(tracked.pgid)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('stop() escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const { tracked } = family("trap '' TERM; sleep 300 & wait");
    await tracked.stop(100);
    await waitGone(tracked.pgid);
    expect(groupAlive(tracked.pgid)).toBe(false);
  });

  it('the teardown sweep kills what a test left running, including a group whose leader already exited', async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-registry-test-'));
    const runRegistry = process.env[PROCESS_REGISTRY_ENV];
    process.env[PROCESS_REGISTRY_ENV] = own;
    try {
      const left = family();
      // The leader exits at once, its child keeps running in the group (a leaked grandchild).
      const orphaned = family('sleep 300 & exit 0');
      await new Promise<void>((r) => { if (orphaned.child.exitCode !== null) r(); else orphaned.child.once('exit', () => r()); });
      expect(groupAlive(orphaned.tracked.pgid)).toBe(true);
      expect(readdirSync(own).sort()).toEqual([String(left.tracked.pgid), String(orphaned.tracked.pgid)].sort());
      expect(killRecordedGroups(own)).toBe(2);
      await waitGone(left.tracked.pgid);
      await waitGone(orphaned.tracked.pgid);
      expect([groupAlive(left.tracked.pgid), groupAlive(orphaned.tracked.pgid)]).toEqual([false, false]);
      expect(readdirSync(own)).toEqual([]);
    } finally {
      process.env[PROCESS_REGISTRY_ENV] = runRegistry;
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('refuses a child that does not lead its own process group', async () => {
    const child = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      expect(() => trackChild(child)).toThrow(/detached: true/);
    } finally { child.kill('SIGKILL'); }
  });
});
