// How a history plan is cut into load units: which day files each statement reads (raw range, each rollup's raw part),
// groups of about the group size, dimensions and hot parts first; and the SQL each unit runs.
import { describe, expect, it } from 'vitest';
import type { FilesPlan, LakeFileRef } from '../../schema/dataPlane.js';
import { kpiSpec } from '../../schema/tables.js';
import { planLoadUnits, unitLoad, type LoadUnit } from '../../client/dataSync/historyUnits.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 0, 10);
const file = (day: number, n: number, bytes = 100): LakeFileRef => ({ url: `/data/files/kpi/date=x/${day}-${n}.parquet`, bytes, etag: '"1-1"', dayMs: D0 + day * DAY });
// Coverage start on day 2 at 10:07:30; the raw range starts on day 1 at 06:00.
const COV = D0 + 2 * DAY + 10 * 3_600_000 + 7.5 * 60_000;
const FROM = D0 + DAY + 6 * 3_600_000;

function plan(files: LakeFileRef[]): FilesPlan {
  return {
    kind: 'files', planId: 'p', seq: 42, coverageStartMs: COV,
    tables: [
      { kind: 'dimension', table: 'site', rows: 3, files: [{ url: '/data/files/site/site.parquet', bytes: 10, etag: '"a-1"', dayMs: null }] },
      {
        kind: 'fact', table: 'kpi', rows: 1000, fromMs: FROM, toMs: null, lakeToMs: COV, files,
        hot: { url: '/data/hot/p/kpi', rows: 7 },
        rollups: [
          { name: 'kpi_5m', cutMs: COV - 2.5 * 60_000, files: [file(0, 9), file(1, 9), file(2, 9)] },
          { name: 'kpi_latency_hist_hour', cutMs: COV - 7.5 * 60_000, files: [file(2, 8)] },
        ],
      },
    ],
  };
}

const targets = { tableOf: (t: string) => `${t}__load`, stagingOf: (t: string) => `${t}__staging` };
const KPI_COLS = Object.keys(kpiSpec).map((c) => `"${c}"`).join(', ');

describe('planLoadUnits', () => {
  it('reads each day file only for what it holds: the raw range, the rollups raw part, or nothing', () => {
    const units = planLoadUnits(plan([file(0, 0), file(1, 0), file(1, 1), file(2, 0)]), 1_000);
    expect(units.map((u) => u.kind)).toEqual(['dimension', 'hot', 'raw', 'raw', 'rollupDays', 'rollupDays']);
    const raw = units.filter((u): u is Extract<LoadUnit, { kind: 'raw' }> => u.kind === 'raw');
    // Day 0 is before the raw range and before every cut: not read at all.
    expect(raw[0]!.files.map((f) => f.dayMs)).toEqual([D0 + DAY, D0 + DAY]);
    expect(raw[0]!.span).toEqual({ fromMs: FROM, toMs: COV });
    expect(raw[0]!.rollups).toEqual([]);
    // Day 2 holds the cuts: its rows also roll up, each rollup from its own cut to the coverage start.
    expect(raw[1]!.files.map((f) => f.dayMs)).toEqual([D0 + 2 * DAY]);
    expect(raw[1]!.rollups).toEqual([
      { name: 'kpi_5m', span: { fromMs: COV - 2.5 * 60_000, toMs: COV } },
      { name: 'kpi_latency_hist_hour', span: { fromMs: COV - 7.5 * 60_000, toMs: COV } },
    ]);
    const hot = units[1]!;
    expect(hot).toMatchObject({ kind: 'hot', table: 'kpi', rows: 7, span: { fromMs: FROM, toMs: null }, rollups: ['kpi_5m', 'kpi_latency_hist_hour'] });
  });

  it('groups files up to the group size (one file at least), never mixing files that need different statements', () => {
    const units = planLoadUnits(plan([file(1, 0, 400), file(1, 1, 400), file(1, 2, 400), file(1, 3, 2_000), file(2, 0, 10)]), 1_000);
    const raw = units.filter((u): u is Extract<LoadUnit, { kind: 'raw' }> => u.kind === 'raw');
    expect(raw.map((u) => u.files.map((f) => f.bytes))).toEqual([[400, 400], [400], [2_000], [10]]);
  });

  it('without a hot window the files hold everything: no raw part rolled up, rollup days read whole', () => {
    const p = plan([file(1, 0)]);
    const kpi = p.tables[1]!;
    if (kpi.kind !== 'fact') throw new Error('fact');
    const noHot: FilesPlan = { ...p, coverageStartMs: null, tables: [p.tables[0]!, { ...kpi, lakeToMs: null, hot: null, rollups: kpi.rollups.map((r) => ({ ...r, cutMs: null })) }] };
    const units = planLoadUnits(noHot, 1_000);
    expect(units.map((u) => u.kind)).toEqual(['dimension', 'raw', 'rollupDays', 'rollupDays']);
    expect(units[1]).toMatchObject({ span: { fromMs: FROM, toMs: null }, rollups: [] });
    const fromDayStart = { ...noHot, tables: [noHot.tables[0]!, { ...noHot.tables[1]!, fromMs: D0 + DAY } as typeof kpi] };
    expect(unitLoad(planLoadUnits(fromDayStart, 1_000)[1]!, targets)).toEqual({ into: 'kpi__load', direct: true, statements: [] });
    // Whole days inside the range: appended straight to the table; rollup days too, with no cut.
    expect(unitLoad(units[2]!, targets)).toEqual({ into: 'kpi_5m__load', direct: true, statements: [] });
  });
});

describe('unitLoad', () => {
  it('stages what must be cut or rolled up: raw rows cut at the coverage start, rollup rows at each cut; counts raw inserts only', () => {
    const units = planLoadUnits(plan([file(1, 0), file(2, 0)]), 1_000);
    const [dim, hot, raw1, raw2, days5m, daysHist] = units;
    expect(unitLoad(dim!, targets)).toEqual({ into: 'site__load', direct: true, statements: [] });
    const r2 = unitLoad(raw2!, targets);
    expect(r2.into).toBe('kpi__staging');
    expect(r2.statements.map((s) => s.raw)).toEqual([true, false, false, false]);
    expect(r2.statements[0]!.sql).toBe(`INSERT INTO "kpi__load" (${KPI_COLS}) SELECT ${KPI_COLS} FROM "kpi__staging" WHERE "ts" >= epoch_ms(${FROM}::BIGINT) AND "ts" < epoch_ms(${COV}::BIGINT)`);
    expect(r2.statements[1]!.sql).toMatch(/^INSERT INTO "kpi_5m__load" SELECT/);
    expect(r2.statements[1]!.sql).toContain(`FROM "kpi__staging" WHERE "ts" >= epoch_ms(${COV - 150_000}::BIGINT) AND "ts" < epoch_ms(${COV}::BIGINT)`);
    expect(r2.statements[3]!.sql).toBe('DELETE FROM "kpi__staging"');
    // Day 1 starts before the range: cut on the way in even though it needs no rollup.
    expect(unitLoad(raw1!, targets).statements.map((s) => s.sql)).toEqual([expect.stringContaining(`>= epoch_ms(${FROM}::BIGINT)`), 'DELETE FROM "kpi__staging"']);
    // Rollup day files: the cut day is filtered at the cut, through the rollup's staging table.
    const d5 = unitLoad(days5m!, targets);
    expect(d5.into).toBe('kpi_5m__staging');
    expect(d5.statements[0]!.sql).toContain(`FROM "kpi_5m__staging" WHERE "ts" < epoch_ms(${COV - 150_000}::BIGINT)`);
    expect(unitLoad(daysHist!, targets).statements[0]!.sql).toContain(`WHERE "ts" < epoch_ms(${COV - 450_000}::BIGINT)`);
    // The hot part: staged rows into the raw table (inside the range), each rollup (all of them), then staging emptied.
    const h = unitLoad(hot!, targets);
    expect(h.statements.map((s) => s.raw)).toEqual([true, false, false, false]);
    expect(h.statements[0]!.sql).toBe(`INSERT INTO "kpi__load" SELECT * FROM "kpi__staging" WHERE "ts" >= epoch_ms(${FROM}::BIGINT)`);
    expect(h.statements[3]!.sql).toBe('DELETE FROM "kpi__staging"');
  });
});
