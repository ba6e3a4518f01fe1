// CLI: `npm run evaluate -- --lake DIR [--rules DIR] [--json] [--verbose]` prints detection quality against the lake's faults.
import { evaluateLake, formatReport } from './evaluateLake.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const lake = arg('lake');
  if (!lake) { console.error('usage: npm run evaluate -- --lake DIR [--rules DIR] [--json] [--verbose]'); process.exit(2); }
  const verbose = process.argv.includes('--verbose');
  const r = await evaluateLake(lake, { rulesDir: arg('rules'), onProgress: (m) => { if (verbose || m.startsWith('rule problem')) console.error(m); } });
  if (process.argv.includes('--json')) { console.log(JSON.stringify(r, null, 2)); return; }
  console.log(formatReport(r));
  if (verbose) {
    const byId = new Map(r.tickets.map((t) => [t.ticketId, t]));
    for (const f of r.faults) {
      const m = r.score.matches.find((x) => x.faultId === f.faultId)!;
      const first = m.ticketIds[0] !== undefined ? byId.get(m.ticketIds[0]) : undefined;
      const lead = first && f.firstBreachMs !== null ? ((f.firstBreachMs - first.openedAtMs) / 60_000).toFixed(0) : '—';
      console.log(`fault ${f.faultId} ${f.kind.padEnd(22)} sites ${f.siteIds.join(',')} breach+${f.firstBreachMs === null ? '—' : ((f.firstBreachMs - f.startMs) / 60_000).toFixed(0)} lead ${lead} tickets ${m.ticketIds.map((id) => `${id}:${byId.get(id)?.runbook ?? 'none'}`).join(' ') || 'NONE'}`);
    }
    for (const id of r.score.falseTicketIds) {
      const t = byId.get(id)!;
      console.log(`false ticket ${id} ${new Date(t.openedAtMs).toISOString()} sites ${t.siteIds.join(',')} rule ${t.ruleId} runbook ${t.runbook ?? 'none'}`);
    }
  }
}

main().catch((e: unknown) => { console.error(e instanceof Error ? e.stack : String(e)); process.exit(1); });
