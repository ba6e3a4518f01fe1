// Runs the NOC map suite alone (also `npm run bench -- --only noc-map`); prints one JSON object per line.
// Usage: npx tsx bench/nocMapBench.ts [--sites 2000] [--seconds 15]
import { runNocMapSuite } from './nocMapSuite.js';

const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : def; };
for (const l of await runNocMapSuite({ sites: arg('sites', 2000), seconds: arg('seconds', 15) })) console.log(JSON.stringify(l));
