// CLI: `npm run evaluate -- [--dataset sim] --lake DIR ...` scores the simulated lake; `--dataset smd` scores the labelled SMD benchmark.
import { evaluateLake, formatReport } from './evaluateLake.js';
import { evaluateSmd, formatSmdReport } from './smd/evaluateSmd.js';
import { detectSmdMachine } from './smd/smdDetector.js';

const USAGE = [
  'usage: npm run evaluate -- [--dataset sim] --lake DIR [--rules DIR] [--json] [--verbose]',
  '       npm run evaluate -- --dataset smd [--data DIR] [--machines machine-1-6,machine-2-2] [--json] [--verbose]',
  '         (SMD folder: --data, else $OPSDECK_SMD_DIR, else ../shared/data/smd beside the project)',
].join('\n');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function runSim(): Promise<void> {
  const lake = arg('lake');
  if (!lake) { console.error(USAGE); process.exit(2); }
  const verbose = flag('verbose');
  const r = await evaluateLake(lake, { rulesDir: arg('rules'), onProgress: (m) => { if (verbose || m.startsWith('rule problem')) console.error(m); } });
  if (flag('json')) { console.log(JSON.stringify(r, null, 2)); return; }
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

async function runSmd(): Promise<void> {
  const t0 = Date.now();
  const machines = arg('machines')?.split(',').map((s) => s.trim()).filter(Boolean);
  const r = await evaluateSmd({ dataDir: arg('data'), machines, detector: detectSmdMachine, onProgress: flag('verbose') ? (m) => console.error(m) : undefined });
  // Timing stays out of the report so `--json` is byte-stable between runs.
  if (flag('json')) { console.log(JSON.stringify(r, null, 2)); return; }
  console.log(formatSmdReport(r));
  console.log(`\nevaluated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const dataset = arg('dataset') ?? 'sim';
  if (dataset === 'sim') return runSim();
  if (dataset === 'smd') return runSmd();
  console.error(`unknown --dataset ${dataset}\n${USAGE}`); process.exit(2);
}

main().catch((e: unknown) => {
  // Data problems are the user's to fix: their message names the file and line, a stack would only bury it.
  console.error(e instanceof Error && e.name === 'SmdDataError' ? e.message : e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
