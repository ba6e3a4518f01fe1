// Renders a bench JSONL file as the README's markdown results table (so numbers are pasted, never retyped).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchRecord } from './benchRecord.js';

type Rec = BenchRecord & { size?: number };

function fmt(v: number | undefined, unit = ''): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  const s = Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(3)));
  return unit ? `${s} ${unit}` : s;
}

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? 'bench/results/latest.jsonl');
  const recs = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Rec).filter((r) => typeof r.value === 'number');
  const get = (name: string, size?: number) => recs.find((r) => r.name === name && (size === undefined || r.size === size));
  const sizes = [...new Set(recs.filter((r) => r.name === 'ratio.transfer_ingest').map((r) => r.size!))].sort((a, b) => a - b);
  const rows: string[] = ['| measurement | size | OpsDeck p50 / p95 | baseline p50 / p95 | OpsDeck/baseline (p50) |', '| --- | --- | --- | --- | --- |'];
  const pair = (n: string, size: number | undefined, unit: string) => `${fmt(get(`${n}.p50`, size)?.value)} / ${fmt(get(`${n}.p95`, size)?.value)} ${unit}`;
  for (const table of ['kpi', 'usage']) {
    for (const size of [...new Set(recs.filter((r) => r.name === `ratio.encode.${table}`).map((r) => r.size!))]) {
      const ratio = get(`ratio.encode.${table}`, size);
      rows.push(`| server encode ${table} (Arrow IPC vs JSON.stringify) | ${fmt(ratio?.rows)} rows | ${pair(`server.arrow_ipc_encode.${table}`, size, 'rows/s')} | ${pair(`baseline.json_encode.${table}`, size, 'rows/s')} | ${fmt(ratio?.value)}x time |`);
      rows.push(`| server lake scan ${table} (DuckDB node, Parquet -> JS) | ${fmt(ratio?.rows)} rows | ${pair(`server.lake_scan.${table}`, size, 'rows/s')} | — | — |`);
    }
  }
  const live = get('server.live_stream.p50');
  if (live) rows.push(`| live stream, ws client decoding + acking (sim speed ${String(live.simSpeed)}) | ${String(live.lake)} | ${pair('server.live_stream', undefined, 'rows/s')} | — | — |`);
  if (get('e2e.stream_into_duckdb.p50')) rows.push(`| live stream into DuckDB-WASM (app LiveDataset) | same | ${pair('e2e.stream_into_duckdb', undefined, 'rows/s')} | — | — |`);
  const fc = get('e2e.first_chart.p50');
  if (fc) rows.push(`| page open -> first chart (spine, cold cache) | ${String(fc.lake)} | ${pair('e2e.first_chart', undefined, 'ms')} | — | — |`);
  for (const size of sizes) {
    const r = get('ratio.transfer_ingest', size)!;
    const label = `${fmt(r.kpiRows as number)} kpi + ${fmt(r.usageRows as number)} usage`;
    rows.push(`| transfer + ingest (Arrow -> DuckDB-WASM vs JSON -> typed arrays) | ${label} | ${pair('e2e.opsdeck.transfer_ingest', size, 'ms')} | ${pair('e2e.baseline.transfer_ingest', size, 'ms')} | ${fmt(r.value)}x (bytes ${fmt(r.bytesRatio as number)}x) |`);
    for (const q of recs.filter((x) => x.name.startsWith('ratio.query.') && x.size === size)) {
      const name = q.name.slice('ratio.query.'.length);
      rows.push(`| query ${name}${q.sameResult ? '' : ' (RESULTS DIFFER)'} | ${label} | ${pair(`query.opsdeck.${name}`, size, 'ms')} | ${pair(`query.baseline.${name}`, size, 'ms')} | ${fmt(q.value)}x |`);
    }
    const m = (n: string) => fmt(get(n, size)?.value, 'MiB');
    rows.push(`| memory: server peak RSS | ${label} | ${m('memory.server.peak_rss')} (one server for both) | | |`);
    rows.push(`| memory: browser peak RSS (all Chromium processes) | ${label} | ${m('memory.browser.opsdeck.peak_rss')} | ${m('memory.browser.baseline.peak_rss')} | |`);
    rows.push(`| memory: main-thread JS heap after GC / DuckDB-WASM | ${label} | ${m('memory.browser.opsdeck.js_heap')} / ${m('memory.browser.opsdeck.duckdb')} | ${m('memory.browser.baseline.js_heap')} / — | |`);
  }
  const skipped = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { name: string; skipped?: string }).filter((r) => r.skipped);
  for (const s of skipped) rows.push(`| ${s.name} | — | skipped: ${s.skipped} | | |`);
  process.stdout.write(`${rows.join('\n')}\n`);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
