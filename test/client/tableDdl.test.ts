// Pins the browser DDL derived from the shared column specs.
import { describe, expect, it } from 'vitest';
import { createTableSqlFor, deleteBeforeSql, replaceWithLoadedSql } from '../../client/db/tableDdl.js';
import { applyStagedSql } from '../../client/dataSync/historySql.js';
import { createTableSql } from '../../schema/duckdbSql.js';
import { col } from '../../schema/columns.js';
import { TABLES } from '../../schema/tables.js';

describe('createTableSql', () => {
  it('maps every column kind and nullability, in spec order', () => {
    const spec = { a: col.int32(), b: col.int64(), c: col.float64({ nullable: true }), d: col.utf8(), e: col.timestampMs() };
    expect(createTableSql('t', spec, { ifNotExists: true })).toBe(
      'CREATE TABLE IF NOT EXISTS "t" ("a" INTEGER NOT NULL, "b" BIGINT NOT NULL, "c" DOUBLE, "d" VARCHAR NOT NULL, "e" TIMESTAMP_MS NOT NULL)');
  });

  it('covers every column of every browser table (no hand-written lists)', () => {
    for (const t of ['site', 'tier', 'account', 'usage', 'kpi', 'alarm'] as const) {
      const sql = createTableSqlFor(t);
      for (const name of Object.keys(TABLES[t].spec)) expect(sql).toContain(`"${name}" `);
      expect(sql.match(/, "/g)?.length).toBe(Object.keys(TABLES[t].spec).length - 1);
    }
    expect(createTableSqlFor('tier')).toContain('"uplink_sla_mbps" DOUBLE)');
  });
});

describe('keyed staging insert', () => {
  it('drops staged rows whose key is present, keeps the window, and empties the staging table', () => {
    const [dedupe, insert, clear] = applyStagedSql({
      table: 'alarm', staging: 'alarm__staging', target: 'alarm', span: { fromMs: 1000, toMs: null }, rollups: [], dims: { account: 'account' }, dedupe: true,
    });
    expect(dedupe).toBe('DELETE FROM "alarm__staging" WHERE EXISTS (SELECT 1 FROM "alarm" x WHERE x."alarm_id" = "alarm__staging"."alarm_id" AND x."state" = "alarm__staging"."state")');
    expect(insert).toBe('INSERT INTO "alarm" SELECT * FROM "alarm__staging" WHERE "ts" >= epoch_ms(1000::BIGINT)');
    expect(clear).toBe('DELETE FROM "alarm__staging"');
  });

  it('a loaded twin takes the table\'s place and a fresh twin is made', () => {
    expect(replaceWithLoadedSql('kpi', 'CREATE kpi__load')).toEqual(['DROP TABLE IF EXISTS "kpi"', 'ALTER TABLE "kpi__load" RENAME TO "kpi"', 'CREATE kpi__load']);
  });

  it('has no window delete for dimensions', () => {
    expect(deleteBeforeSql('site', 5)).toBeNull();
    expect(deleteBeforeSql('kpi', 5)).toBe('DELETE FROM "kpi" WHERE "ts" < epoch_ms(5::BIGINT)');
  });
});
