// Server-side throughput in this process: lake scan (DuckDB node over Parquet), Arrow IPC encode, and the JSON baseline's encode.
import { columnsToTable, IpcStreamEncoder, type ColumnsOf } from '../schema/arrowRows.js';
import { arrowSchemaOf, type TableSpec } from '../schema/columns.js';
import { TABLES } from '../schema/tables.js';
import { LakeReader } from '../pipelines/lake/lakeReader.js';
import { SNAPSHOT_BATCH_ROWS } from '../server/data/snapshot.js';
import { encodeJsonPage, type JsonColumns } from './baseline/jsonSnapshot.js';
import { rateRecords, round3, type BenchRecord } from './benchRecord.js';

/**
 * One pass over a whole table the way the snapshot endpoint reads it (LakeReader.scanBatches, batches of
 * SNAPSHOT_BATCH_ROWS), timing per batch the scan, the Arrow IPC encode and the baseline's JSON encode of the
 * same rows. Only one batch is alive at a time, so 10M-row tables fit in the default Node heap.
 */
async function onePass(lake: LakeReader, table: 'kpi' | 'usage'): Promise<{ rows: number; scanMs: number; arrowMs: number; jsonMs: number; ipcBytes: number; jsonBytes: number }> {
  const spec: TableSpec = TABLES[table].spec;
  const names = Object.keys(spec);
  const enc = new IpcStreamEncoder(arrowSchemaOf(spec));
  let rows = 0, scanMs = 0, arrowMs = 0, jsonMs = 0, ipcBytes = enc.header().byteLength, jsonBytes = 0;
  const it = lake.scanBatches(table, {}, {}, SNAPSHOT_BATCH_ROWS);
  for (;;) {
    const t0 = performance.now();
    const next = await it.next();
    scanMs += performance.now() - t0;
    if (next.done) break;
    const cols = next.value as unknown as Record<string, unknown[]>;
    const n = cols[names[0]!]?.length ?? 0;
    rows += n;
    const t1 = performance.now();
    for (const b of columnsToTable(spec, cols as ColumnsOf<TableSpec>).batches) ipcBytes += enc.batch(b).byteLength;
    const t2 = performance.now();
    jsonBytes += encodeJsonPage({ rows: n, columns: cols as JsonColumns }).length;
    const t3 = performance.now();
    arrowMs += t2 - t1;
    jsonMs += t3 - t2;
  }
  return { rows, scanMs, arrowMs, jsonMs, ipcBytes: ipcBytes + 8, jsonBytes };
}

export async function runServerSuite(lakeDir: string, rowsTarget: number, reps: number): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  const lake = await LakeReader.open(lakeDir);
  try {
    for (const table of ['kpi', 'usage'] as const) {
      const passes = [];
      for (let r = 0; r < reps; r++) passes.push(await onePass(lake, table));
      const rows = passes[0]!.rows;
      const ctx = { table, size: rowsTarget, batchRows: SNAPSHOT_BATCH_ROWS };
      out.push(...rateRecords(`server.lake_scan.${table}`, rows, passes.map((p) => p.scanMs), ctx));
      out.push(...rateRecords(`server.arrow_ipc_encode.${table}`, rows, passes.map((p) => p.arrowMs), { ...ctx, bytes: passes[0]!.ipcBytes }));
      out.push(...rateRecords(`baseline.json_encode.${table}`, rows, passes.map((p) => p.jsonMs), { ...ctx, bytes: passes[0]!.jsonBytes }));
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      out.push({ name: `ratio.encode.${table}`, value: round3(median(passes.map((p) => p.arrowMs)) / median(passes.map((p) => p.jsonMs))),
        unit: 'x (OpsDeck/baseline time, p50)', rows, ...ctx, bytesRatio: round3(passes[0]!.ipcBytes / passes[0]!.jsonBytes) });
      // maxRSS is the process's peak so far: the server suite runs first, so it bounds what scan + encode needed.
      out.push({ name: `memory.server_suite.${table}.peak_rss`, value: round3(process.resourceUsage().maxRSS / 1024), unit: 'MiB', rows, ...ctx,
        note: 'bench process peak RSS so far (one batch alive at a time)' });
    }
  } finally {
    lake.close();
  }
  return out;
}
