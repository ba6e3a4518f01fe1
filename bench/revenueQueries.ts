// Runs the revenue explorer suite alone (also `npm run bench -- --only revenue`); prints one JSON object per line.
// Usage: npx tsx bench/revenueQueries.ts [lakeDir] [--rounds N]
// The 2,000 sites / 200k accounts / 30 days lake: npm run fixtures -- --seed 42 --sites 2000 --accounts 200000 --days 30 --end 2026-11-01 --out /tmp/opsdeck3-big
import { existsSync } from 'node:fs';
import { runRevenueSuite } from './revenueSuite.js';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const lakeDir = args.find((a, i) => !a.startsWith('--') && i !== roundsAt + 1) ?? process.env.OPSDECK_BENCH_LAKE ?? '/tmp/opsdeck3-big';
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 20;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: expected a positive integer, got '${args[roundsAt + 1]}'`);

if (!existsSync(lakeDir)) {
  console.log(JSON.stringify({ name: 'revenue', skipped: `no lake at ${lakeDir}` }));
} else {
  for (const l of await runRevenueSuite({ lakeDir, rounds })) console.log(JSON.stringify(l));
}
