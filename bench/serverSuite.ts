// Server-side throughput in this process: lake scan (DuckDB node over Parquet), Arrow IPC encode, and the JSON baseline's encode.
import { columnsToTable, tableToIpcStream, type ColumnsOf } from '../schema/arrowRows.js';
import type { TableSpec } from '../schema/columns.js';
import { TABLES } from '../schema/tables.js';
import { LakeReader } from '../pipelines/lake/lakeReader.js';
import { encodeJsonPage, type JsonColumns } from './baseline/jsonSnapshot.js';
import { rateRecords, round3, type BenchRecord } from './benchRecord.js';

// Matches the JSON endpoint's paging (6 h pages at up to ~2000 sites stay under ~0.8M rows).
const JSON_PAGE_ROWS = 500_000;

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export async function runServerSuite(lakeDir: string, rowsTarget: number, reps: number): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  const lake = await LakeReader.open(lakeDir);
  try {
    for (const table of ['kpi', 'usage'] as const) {
      const spec: TableSpec = TABLES[table].spec;
      const names = Object.keys(spec);
      const scanMs: number[] = [];
      let cols: Record<string, unknown[]> = {};
      for (let r = 0; r < reps; r++) {
        const t0 = performance.now();
        cols = await lake.scan(table, {}) as unknown as Record<string, unknown[]>;
        scanMs.push(performance.now() - t0);
      }
      const rows = cols[names[0]!]?.length ?? 0;
      const ctx = { table, size: rowsTarget };
      out.push(...rateRecords(`server.lake_scan.${table}`, rows, scanMs, ctx));

      const arrowMs: number[] = [];
      let ipcBytes = 0;
      for (let r = 0; r < reps; r++) {
        const { ms, value } = timed(() => tableToIpcStream(columnsToTable(spec, cols as ColumnsOf<TableSpec>)));
        arrowMs.push(ms);
        ipcBytes = value.byteLength;
      }
      out.push(...rateRecords(`server.arrow_ipc_encode.${table}`, rows, arrowMs, { ...ctx, bytes: ipcBytes }));

      const jsonMs: number[] = [];
      let jsonBytes = 0;
      for (let r = 0; r < reps; r++) {
        const { ms, value } = timed(() => {
          let bytes = 0;
          for (let a = 0; a < rows; a += JSON_PAGE_ROWS) {
            const b = Math.min(rows, a + JSON_PAGE_ROWS);
            const page: JsonColumns = Object.fromEntries(names.map((n) => [n, (cols[n] ?? []).slice(a, b) as (number | string | null)[]]));
            bytes += encodeJsonPage({ rows: b - a, columns: page }).length;
          }
          return bytes;
        });
        jsonMs.push(ms);
        jsonBytes = value;
      }
      out.push(...rateRecords(`baseline.json_encode.${table}`, rows, jsonMs, { ...ctx, bytes: jsonBytes }));
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      out.push({ name: `ratio.encode.${table}`, value: round3(median(arrowMs) / median(jsonMs)), unit: 'x (OpsDeck/baseline time, p50)', rows, ...ctx,
        bytesRatio: round3(ipcBytes / jsonBytes) });
    }
  } finally {
    lake.close();
  }
  return out;
}
