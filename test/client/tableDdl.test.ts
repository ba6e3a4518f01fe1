// Pins the browser DDL derived from the shared column specs.
import { describe, expect, it } from 'vitest';
import { createTableSqlFor, deleteBeforeSql, insertMissingFromStagingSql } from '../../client/db/tableDdl.js';
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
  it('anti-joins on the table key and keeps the window', () => {
    const [insert, clear] = insertMissingFromStagingSql('alarm', 1000);
    expect(insert).toContain('x."alarm_id" = s."alarm_id" AND x."state" = s."state"');
    expect(insert).toContain('s."ts" >= epoch_ms(1000::BIGINT)');
    expect(clear).toBe('DELETE FROM "alarm__staging"');
  });

  it('has no window delete for dimensions', () => {
    expect(deleteBeforeSql('site', 5)).toBeNull();
    expect(deleteBeforeSql('kpi', 5)).toBe('DELETE FROM "kpi" WHERE "ts" < epoch_ms(5::BIGINT)');
  });
});
