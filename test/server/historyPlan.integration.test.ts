// History as files against the real server while its simulator streams and its flusher writes a live file every 500 ms
// and moves the hot window: the browser's own loader (client/dataSync) runs its statements in DuckDB node. Each plan's
// files + hot part hold every row of the range once; the lake part equals an independent read of the Parquet files on
// disk; rollups loaded from day files + rolled-up raw rows, then kept current from live frames, equal the rollups of the
// raw rows at every key; totals equal the server catalog at the same seq.
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeLiveFrame, type FilesPlan, type LiveFrameHeader } from '../../schema/dataPlane.js';
import { ROLLUPS, rollupMergeOf, rollupSelectSql, rollupsOf, type RollupName } from '../../schema/rollups.js';
import { FACT_TABLES, TABLES, type FactTable } from '../../schema/tables.js';
import type { TableSpec } from '../../schema/columns.js';
import { quoteIdent } from '../../schema/duckdbSql.js';
import { createRollupTableSql, createStagingSqlFor, createTableSqlFor, stagingTableName } from '../../client/db/tableDdl.js';
import { fetchHistoryPlan, fetchPlanBytes, type FetchFn } from '../../client/dataSync/historyFetch.js';
import { loadHistory } from '../../client/dataSync/historyLoader.js';
import { applyStagedSql } from '../../client/dataSync/historySql.js';
import { nodeParquetDecoder, openNodeIngest, type NodeIngest } from '../client/duckdbNodeIngest.js';
import { listTableFiles } from '../../pipelines/lake/lakeReader.js';
import { makeTempDir, startTestServer, type TestServer } from './testServer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROLLUP_TABLES = FACT_TABLES.flatMap((t) => rollupsOf(t));
/** Columns of a table the loader appends Arrow to: a raw table, a rollup, or the staging twin of either. */
const specOf = (table: string): TableSpec => {
  const name = table.replace(/__staging$/, '');
  return name in ROLLUPS ? ROLLUPS[name as RollupName].spec : TABLES[name as FactTable | 'account'].spec;
};
type Catalog = Awaited<ReturnType<TestServer['trpc']['catalog']['query']>>;

/** Keys where the loaded rollup differs from the rollup of the raw rows (both merged per key); [] when equal. */
async function rollupMismatches(db: NodeIngest, name: RollupName, rawTable: string): Promise<unknown[]> {
  const { key, spec } = ROLLUPS[name];
  const values = Object.keys(spec).filter((c) => !(key as readonly string[]).includes(c));
  const merged = (from: string) => `SELECT ${key.map(quoteIdent).join(', ')}, ${values.map((c) => `${rollupMergeOf(c)}(${quoteIdent(c)}) AS ${quoteIdent(c)}`).join(', ')}
    FROM ${from} GROUP BY ALL`;
  const kinds = spec as TableSpec;
  const differs = values.map((c) => (kinds[c]!.kind === 'float64'
    ? `abs(coalesce(a.${quoteIdent(c)}, -1e300) - coalesce(b.${quoteIdent(c)}, 1e300)) > 1e-7 * greatest(1, abs(b.${quoteIdent(c)}))`
    : `a.${quoteIdent(c)} IS DISTINCT FROM b.${quoteIdent(c)}`)).join(' OR ');
  return db.rows(`WITH a AS (${merged(quoteIdent(name))}), b AS (${merged(`(${rollupSelectSql(name, quoteIdent(rawTable))})`)})
    SELECT ${key.map((k) => `coalesce(a.${quoteIdent(k)}, b.${quoteIdent(k)})::VARCHAR AS ${quoteIdent(k)}`).join(', ')}
    FROM a FULL JOIN b USING (${key.map(quoteIdent).join(', ')}) WHERE ${differs} LIMIT 5`);
}

describe('history plans: files + hot part while the flusher flushes', () => {
  let ts: TestServer;
  let cleanup: () => Promise<void>;
  let fetchFn: FetchFn;
  let lakeStartMs = 0;

  beforeAll(async () => {
    const tmp = await makeTempDir('opsdeck-plan-');
    cleanup = tmp.cleanup;
    // A 6 h hot window: most of the lake day is read from files, and the 120x clock moves the coverage start each flush.
    ts = await startTestServer(path.join(tmp.dir, 'lake'), { OPSDECK_HOT_HOURS: '6' });
    fetchFn = (url, init) => fetch(`${ts.server.url}${url}`, { ...init, headers: { authorization: ts.authorization } });
    lakeStartMs = (await ts.trpc.catalog.query({})).lake.startMs;
    await sleep(1500);
  });
  afterAll(async () => { await ts?.server.close(); await cleanup?.(); });

  /** A fresh DuckDB with the browser's tables, loaded from one plan through the client's loader. */
  async function loadPlan(): Promise<{ db: NodeIngest; plan: FilesPlan; catalog: Catalog }> {
    // With the account dimension: usage rollups join it (tier of each account).
    const plan = await fetchHistoryPlan({ tables: ['account', ...FACT_TABLES], fromMs: lakeStartMs, rollups: true }, { fetch: fetchFn });
    if (plan.kind !== 'files') throw new Error('admin got a scoped plan');
    // Right away: the catalog's as-of-seq count is exact only while the coverage start has not moved since the plan.
    const catalog = await ts.trpc.catalog.query({ sinceMs: lakeStartMs, atSeq: plan.seq });
    const db = await openNodeIngest(specOf);
    await db.ops.exec(createTableSqlFor('account'));
    for (const t of FACT_TABLES) { await db.ops.exec(createTableSqlFor(t)); await db.ops.exec(createStagingSqlFor(t)); }
    for (const r of ROLLUP_TABLES) { await db.ops.exec(createRollupTableSql(r)); await db.ops.exec(createRollupTableSql(r, stagingTableName(r))); }
    // Small groups and a small read-ahead, so grouping and the download bound are exercised on a small lake.
    await loadHistory(plan, {
      turn: (fn) => fn(db.ops), fetchBytes: (url, signal) => fetchPlanBytes(url, { fetch: fetchFn, signal }), decodeParquet: nodeParquetDecoder,
      targets: { tableOf: (t) => t, stagingOf: (t) => stagingTableName(t) }, groupBytes: 64 * 1024, aheadBytes: 128 * 1024, concurrency: 3,
    });
    return { db, plan, catalog };
  }

  it('each plan loads every row of the range once, equal to the lake on disk below the cut and to the catalog at its seq', async () => {
    const filesBefore = (await listTableFiles(ts.lakeDir, 'kpi')).length;
    const coverages = new Set<number>();
    let catalogChecks = 0;
    for (let n = 0; n < 3; n++) {
      const { db, plan, catalog: cat } = await loadPlan();
      const catalogExact = cat.hotWindow.startMs === plan.coverageStartMs;
      if (catalogExact) catalogChecks++;
      expect(plan.coverageStartMs).not.toBeNull();
      coverages.add(plan.coverageStartMs!);
      const [accounts] = await db.rows('SELECT count(*)::DOUBLE AS n FROM account');
      expect(accounts!.n).toBe(400);
      for (const t of FACT_TABLES) {
        const p = plan.tables.find((x) => x.table === t)!;
        if (p.kind !== 'fact') throw new Error('fact expected');
        const key = TABLES[t].key.map(quoteIdent).join(', ');
        const [got] = await db.rows(`SELECT count(*)::DOUBLE AS n, count(DISTINCT (${key}))::DOUBLE AS distinct_keys,
          (count(*) FILTER (WHERE epoch_ms(ts) < ${p.lakeToMs}))::DOUBLE AS below FROM ${quoteIdent(t)}`);
        expect({ t, n: got!.n }).toEqual({ t, n: p.rows });
        expect({ t, distinct: got!.distinct_keys }).toEqual({ t, distinct: got!.n });
        if (catalogExact) expect({ t, n: got!.n }).toEqual({ t, n: cat.tables.find((x) => x.name === t)!.rowsSince });
        // Independently: DuckDB over the table's current Parquet files on disk now (compacted ones replace their sources;
        // rows below the cut no longer change). Keys hashed with times as epoch ms (Parquet reads them back as µs).
        const hashed = TABLES[t].key.map((k) => (k === 'ts' ? 'epoch_ms(ts)' : quoteIdent(k))).join(', ');
        const current = (await listTableFiles(ts.lakeDir, t)).map((f) => `'${f}'`).join(', ');
        const [disk] = await db.rows(`SELECT count(*)::DOUBLE AS n, sum(hash(${hashed}))::DOUBLE AS h
          FROM read_parquet([${current}], union_by_name = true, hive_partitioning = false)
          WHERE epoch_ms(ts) >= ${lakeStartMs} AND epoch_ms(ts) < ${p.lakeToMs}`);
        const [mine] = await db.rows(`SELECT count(*)::DOUBLE AS n, sum(hash(${hashed}))::DOUBLE AS h FROM ${quoteIdent(t)} WHERE epoch_ms(ts) < ${p.lakeToMs}`);
        expect({ t, ...mine }).toEqual({ t, ...disk });
        if (t !== 'alarm') expect(disk!.n, t).toBeGreaterThan(0);
      }
      for (const r of ROLLUP_TABLES) expect({ r, diff: await rollupMismatches(db, r, ROLLUPS[r].source) }).toEqual({ r, diff: [] });
      await db.close();
      await sleep(700);
    }
    // The flusher wrote files and the hot window moved between the plans: the cut was taken while data moved.
    expect((await listTableFiles(ts.lakeDir, 'kpi')).length).toBeGreaterThan(filesBefore);
    expect(coverages.size).toBeGreaterThan(1);
    expect(catalogChecks).toBeGreaterThan(0);
  }, 120_000);

  it('live frames after the plan keep raw tables and rollups equal to the catalog and to the rollups of the raw rows', async () => {
    const { db, plan } = await loadPlan();
    const ws = new WebSocket(`${ts.server.url.replace('http', 'ws')}/live`, { headers: { authorization: ts.authorization } });
    let lastSeq = plan.seq;
    let frames = 0;
    let applying = Promise.resolve();
    // Applied one after another, exactly as the browser's drain does: staging, then the raw table and each rollup.
    const apply = async (h: LiveFrameHeader, ipc: Uint8Array) => {
      const staging = stagingTableName(h.table);
      await db.ops.insertIpc(staging, ipc);
      for (const sql of applyStagedSql({ table: h.table, staging, target: h.table, span: { fromMs: lakeStartMs, toMs: null },
        rollups: rollupsOf(h.table).map((name) => ({ name, target: name })), dims: { account: 'account' }, dedupe: false })) await db.ops.exec(sql);
    };
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', tables: FACT_TABLES, afterSeq: plan.seq })));
      ws.on('error', reject);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) return;
        const { header, ipc } = decodeLiveFrame(new Uint8Array(data as Buffer));
        expect(header.seq).toBeGreaterThan(lastSeq);
        lastSeq = header.seq;
        expect(tableFromIPC(ipc).numRows).toBe(header.rows);
        applying = applying.then(() => apply(header, ipc.slice()));
        if (++frames >= 15) resolve();
      });
      setTimeout(() => reject(new Error(`only ${frames} frames`)), 30_000);
    });
    ws.close();
    await applying;
    const cat = await ts.trpc.catalog.query({ sinceMs: lakeStartMs, atSeq: lastSeq });
    for (const t of FACT_TABLES) {
      const [got] = await db.rows(`SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(t)}`);
      expect({ t, n: got!.n }).toEqual({ t, n: cat.tables.find((x) => x.name === t)!.rowsSince });
    }
    for (const r of ROLLUP_TABLES) expect({ r, diff: await rollupMismatches(db, r, ROLLUPS[r].source) }).toEqual({ r, diff: [] });
    await db.close();
  }, 120_000);
});
