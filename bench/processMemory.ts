// Resident memory of a process (and its descendants) from /proc: peak RSS is what a machine must provision.
import { readFileSync, readdirSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; }
}

/** Peak RSS the kernel recorded for one process over its lifetime (VmHWM), bytes. */
export function peakRssBytes(pid: number): number {
  return statusField(pid, 'VmHWM');
}

function childrenOf(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = kids.get(ppid) ?? [];
      list.push(Number(name));
      kids.set(ppid, list);
    } catch { /* process ended while listing */ }
  }
  return kids;
}

/** Current RSS of a process tree (e.g. Chromium: browser, GPU, renderers), bytes. */
export function treeRssBytes(rootPid: number): number {
  const kids = childrenOf();
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += statusField(pid, 'VmRSS');
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** Samples a process tree's RSS every `everyMs` and remembers the peak; sampling misses spikes shorter than that. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly rootPid: number, everyMs = 200) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }
  sample(): void { this.peak = Math.max(this.peak, treeRssBytes(this.rootPid)); }
  /** Peak since the last reset. */
  take(): number { this.sample(); const p = this.peak; this.peak = 0; return p; }
  stop(): void { clearInterval(this.timer); }
}
