// Display formatting for counts, rates and UTC times on NOC panels.
const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : intFmt.format(n);
}

export function formatRate(perSec: number | null | undefined): string {
  return perSec === null || perSec === undefined ? '—' : `${intFmt.format(perSec)}/s`;
}

export function formatUtc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return '—';
  const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = Math.floor(sec % 60);
  return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}
