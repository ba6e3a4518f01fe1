// `npx tsx bench/firstChartBench.ts --base URL --password PW [--reps N] [--out FILE]`: the first-chart suite alone, against
// a server already running (e.g. `npm start`, once its start-up work is done), signed in as admin; prints one JSON line each.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { signInWithPassword } from './benchAuth.js';
import { launchBenchBrowser } from './browserSuite.js';
import { runFirstChart } from './firstChartSuite.js';

const { values } = parseArgs({ options: { base: { type: 'string' }, password: { type: 'string' }, reps: { type: 'string' }, out: { type: 'string' } } });
if (!values.base || !values.password) throw new Error('usage: npx tsx bench/firstChartBench.ts --base URL --password PW [--reps N] [--out FILE]');
const reps = Number(values.reps ?? 5);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps: expected a positive integer, got '${values.reps}'`);

const base = values.base.replace(/\/$/, '');
const bb = await launchBenchBrowser();
try {
  const records = await runFirstChart(bb, base, await signInWithPassword(base, 'admin', values.password), reps, { base });
  const lines = records.map((r) => JSON.stringify(r));
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.out) await writeFile(values.out, `${lines.join('\n')}\n`);
} finally {
  await bb.close();
}
