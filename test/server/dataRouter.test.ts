// The data router through createCaller on a real runtime: the catalog's counts equal DuckDB's own count of the lake's Parquet.
import { describe, expect, it } from 'vitest';
import { FACT_TABLES, type TableName } from '../../schema/tables.js';
import { dataRouter } from '../../server/trpc/dataRouter.js';
import { t } from '../../server/trpc/trpc.js';
import { pq, query } from '../fixtures/lakeHelpers.js';
import { routerSuite } from './routerContext.js';

const HOUR = 3_600_000;

const createCaller = t.createCallerFactory(dataRouter);

describe('dataRouter', () => {
  const suite = routerSuite(createCaller);
  const count = async (table: TableName, where = '') =>
    Number((await query(`SELECT count(*)::DOUBLE AS n FROM ${pq(suite.rc.lakeDir, table)} ${where}`))[0]!.n);

  it('catalog: lake bounds from the manifest and, with no live data, every table counted as the lake holds it', async () => {
    const cat = await suite.caller.catalog();
    expect(cat.lake).toEqual({ startMs: suite.rc.manifest.startMs, endMs: suite.rc.manifest.endMs, seed: 7 });
    expect(cat.hotWindow.hours).toBe(24);
    expect(cat.tables.map((x) => x.name)).toEqual(['site', 'tier', 'account', 'usage', 'kpi', 'alarm']);
    for (const x of cat.tables) expect(x.rows, x.name).toBe(await count(x.name));
    expect(cat.tables.find((x) => x.name === 'site')?.rows).toBe(20);
  });

  it('catalog since a time counts only the fact rows from then on', async () => {
    const sinceMs = suite.rc.manifest.endMs - 3 * HOUR;
    const cat = await suite.caller.catalog({ sinceMs });
    for (const name of FACT_TABLES) {
      const entry = cat.tables.find((x) => x.name === name)!;
      expect(entry.rowsSince, name).toBe(await count(name, `WHERE ts >= make_timestamp_ms(${sinceMs})`));
    }
  });

  it('rejects bad input with BAD_REQUEST', async () => {
    await expect(suite.caller.catalog({ sinceMs: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
