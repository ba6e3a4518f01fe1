// A staged live batch in DuckDB (node here, WASM in the browser; same statements): rows already held are dropped, the
// window is kept, and only the new rows reach the rollups, so a batch overlapping the loaded history is counted once.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { applyStagedSql } from '../../client/dataSync/historySql.js';
import { createRollupTableSql, createStagingSqlFor, createTableSqlFor } from '../../client/db/tableDdl.js';

const T0 = Date.UTC(2026, 5, 1, 12);
const row = (site: number, minute: number, latency: number) =>
  `(make_timestamp_ms(${T0 + minute * 60_000}), ${site}, ${latency}, 1, 0, 100, 10, 0.5, 3)`;

describe('applyStagedSql', () => {
  it('dedupe + window + rollups: the raw table gains only new rows in the window, the rollup exactly those', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const all = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
    for (const sql of [createTableSqlFor('kpi'), createStagingSqlFor('kpi'), createRollupTableSql('kpi_5m')]) await conn.run(sql);
    // Held already: site 1 minutes 0..2. Staged: minutes 1..4 of site 1 (1 and 2 held) and minute -30 of site 2 (before the window).
    await conn.run(`INSERT INTO kpi VALUES ${[0, 1, 2].map((m) => row(1, m, 10)).join(', ')}`);
    await conn.run(`INSERT INTO kpi__staging VALUES ${[1, 2, 3, 4].map((m) => row(1, m, 20 + m)).join(', ')}, ${row(2, -30, 99)}`);
    const statements = applyStagedSql({
      table: 'kpi', staging: 'kpi__staging', target: 'kpi', span: { fromMs: T0 - 10 * 60_000, toMs: null },
      rollups: [{ name: 'kpi_5m', target: 'kpi_5m' }], dims: { account: 'account' }, dedupe: true,
    });
    for (const sql of statements) await conn.run(sql);
    expect(await all('SELECT site_id, (epoch_ms(ts) - ' + T0 + ') // 60000 AS m, latency_ms FROM kpi ORDER BY 1, 2'))
      .toEqual([[1, 0, 10], [1, 1, 10], [1, 2, 10], [1, 3, 23], [1, 4, 24]].map(([s, m, l]) => ({ site_id: s, m: BigInt(m!), latency_ms: l })));
    // Rolled up: the new rows, including the one before the raw window (rollups keep every day).
    expect(await all('SELECT site_id, samples, latency_sum FROM kpi_5m ORDER BY 1')).toEqual([
      { site_id: 1, samples: 2, latency_sum: 47 }, { site_id: 2, samples: 1, latency_sum: 99 },
    ]);
    expect(await all('SELECT count(*)::INT AS n FROM kpi__staging')).toEqual([{ n: 0 }]);
    conn.closeSync();
    db.closeSync();
  });
});
