// Lake Parquet decoded for DuckDB appends: the table's columns in table order, whatever extra or reordered columns a
// file carries; a file missing a column is refused. Files are written here by DuckDB node, decoded by parquet-wasm.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeParquetDecoder } from './duckdbNodeIngest.js';

describe('parquetDecoder', () => {
  let dir = '';
  const write = async (name: string, select: string) => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`COPY (${select}) TO '${path.join(dir, name)}' (FORMAT parquet, COMPRESSION zstd)`);
    conn.closeSync();
    db.closeSync();
    return new Uint8Array(await readFile(path.join(dir, name)));
  };
  beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-pq-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('passes a file in table order through, counting its rows', async () => {
    const bytes = await write('a.parquet', 'SELECT i::INTEGER AS site_id, (i * 1.5)::DOUBLE AS v FROM range(300000) t(i)');
    const { ipc, rows } = nodeParquetDecoder(bytes, ['site_id', 'v']);
    expect(rows).toBe(300_000);
    const t = tableFromIPC(ipc);
    expect(t.numRows).toBe(300_000);
    expect(t.getChild('v')!.get(2)).toBe(3);
  });

  it('keeps only the table columns, in table order, from a file with an extra or reordered column', async () => {
    const bytes = await write('b.parquet', "SELECT (i * 2)::DOUBLE AS v, i::INTEGER AS site_id, '2026-01-01' AS date FROM range(5) t(i)");
    const t = tableFromIPC(nodeParquetDecoder(bytes, ['site_id', 'v']).ipc);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['site_id', 'v']);
    expect([...t.getChild('v')!]).toEqual([0, 2, 4, 6, 8]);
  });

  it('refuses a file without a table column', async () => {
    const bytes = await write('c.parquet', 'SELECT 1::INTEGER AS site_id');
    expect(() => nodeParquetDecoder(bytes, ['site_id', 'v'])).toThrow(/lacks column\(s\) v/);
  });
});
