// The streamed snapshot (lake scan in bounded batches + hot slices as one Arrow IPC stream) pins rows and content
// against an independent DuckDB query over the lake's Parquet files.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { RecordBatchReader, Table, tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableToRows } from '../../schema/arrowRows.js';
import { usageSpec } from '../../schema/tables.js';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { DataScope } from '../../server/identity/dataScope.js';
import { streamSnapshot } from '../../server/data/snapshot.js';
import { END_MS, pq, query, tinyLake } from '../fixtures/lakeHelpers.js';

const HOUR = 3_600_000;
const COLUMNS = Object.keys(usageSpec);

/** One canonical string per row (timestamps and int64 as epoch ms / numbers), sorted: order-free equality. */
function canonical(rows: readonly Record<string, unknown>[]): string[] {
  return rows.map((r) => JSON.stringify(COLUMNS.map((c) => {
    const v = r[c];
    return v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v;
  }))).sort();
}

async function collect(gen: AsyncGenerator<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of gen) parts.push(p);
  return Buffer.concat(parts);
}

describe('streamSnapshot', () => {
  let dir = '';
  let lake: LakeReader;
  let expected: Record<string, unknown>[] = [];
  let hot: HotWindow;
  const coverage = END_MS - 6 * HOUR;

  beforeAll(async () => {
    ({ dir } = await tinyLake());
    lake = await LakeReader.open(dir);
    // Independent path: DuckDB straight over the Parquet glob, no LakeReader SQL.
    expected = await query(`SELECT * FROM ${pq(dir, 'usage')}`);
    // A hot window holding the lake's last 6 h, as the server loads it at start-up; the snapshot must take
    // those rows from the hot window and everything earlier from the lake, exactly once.
    hot = new HotWindow(6, END_MS);
    const recent = (await query(`SELECT * FROM ${pq(dir, 'usage')} WHERE epoch_ms(ts) >= ${coverage} ORDER BY ts`));
    const cols = Object.fromEntries(COLUMNS.map((c) => [c, recent.map((r) => {
      const v = r[c];
      return v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v;
    })]));
    hot.addFromLake('usage', cols);
  });
  afterAll(async () => { lake?.close(); if (dir) await rm(path.dirname(dir), { recursive: true, force: true }); });

  it('streams lake + hot rows in several bounded batches equal to an independent Parquet query', async () => {
    const batchRows = 1000;
    const snap = await streamSnapshot(new FactReader(lake, hot), { table: 'usage', columns: COLUMNS }, DataScope.ALL, batchRows);
    expect(snap.rows).toBe(expected.length);
    const bytes = await collect(snap.bytes());
    const batches = [...RecordBatchReader.from(bytes)];
    const lakeRows = expected.filter((r) => (r.ts as Date).getTime() < coverage).length;
    // DuckDB hands out 2,048-row chunks, so a lake batch is at most batchRows + 2,047 rows.
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(lakeRows / (batchRows + 2047)) + 1);
    expect(Math.max(...batches.map((b) => b.numRows))).toBeLessThan(batchRows + 2048);
    const table = new Table(batches);
    expect(table.schema.fields.map((f) => f.name)).toEqual(COLUMNS);
    expect(table.numRows).toBe(expected.length);
    expect(canonical(tableToRows(usageSpec, table) as unknown as Record<string, unknown>[])).toEqual(canonical(expected));
  });

  it('a range and a column subset count and stream the same rows as the Parquet files', async () => {
    const from = END_MS - 20 * HOUR, to = END_MS - 2 * HOUR;
    const snap = await streamSnapshot(new FactReader(lake, hot), { table: 'usage', fromMs: from, toMs: to, columns: ['ts', 'tokens_in'] }, DataScope.ALL, 500);
    const t = new Table([...RecordBatchReader.from(await collect(snap.bytes()))]);
    const [row] = await query(`SELECT count(*)::INT AS n, sum(tokens_in)::DOUBLE AS s FROM ${pq(dir, 'usage')}
      WHERE epoch_ms(ts) >= ${from} AND epoch_ms(ts) < ${to}`);
    expect(snap.rows).toBe(row!.n);
    expect(t.numRows).toBe(row!.n);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['ts', 'tokens_in']);
    expect([...t.getChild('tokens_in')!].reduce((a: number, b) => a + Number(b), 0)).toBe(row!.s);
  });

  it('an empty range is still a valid stream with the schema and no rows', async () => {
    const snap = await streamSnapshot(new FactReader(lake, hot), { table: 'usage', fromMs: END_MS + HOUR, toMs: END_MS + 2 * HOUR, columns: COLUMNS });
    const t = tableFromIPC(await collect(snap.bytes()));
    expect(snap.rows).toBe(0);
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(COLUMNS);
  });
});
