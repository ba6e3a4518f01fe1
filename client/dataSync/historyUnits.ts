// Cuts a history plan into load units, in load order: each is one download (a hot part) or a group of files inserted
// together. Large groups keep DuckDB-WASM fast (about one insert per million rows); the group size bounds the bytes held
// at once. A group whose rows all belong in one table goes straight in; one that must be cut (at the raw range, the
// coverage start or a rollup's cut) or rolled up goes through a staging table. Pure, so the cut and its SQL are tested
// without a browser.
import type { DimensionPlan, FactPlan, FilesPlan, LakeFileRef } from '../../schema/dataPlane.js';
import { ROLLUPS, type RollupName } from '../../schema/rollups.js';
import { TABLES, type FactTable, type TableName } from '../../schema/tables.js';
import {
  applyStagedSql, clearSql, insertRawSql, insertRollupFromRawSql, insertRollupRowsSql, type Span,
} from './historySql.js';

const DAY_MS = 86_400_000;

export type LoadUnit =
  | { kind: 'dimension'; table: DimensionPlan['table']; files: LakeFileRef[] }
  /** Raw day files: rows in `span` go to the raw table (null: none needed), rows in each rollup's span are rolled up. */
  | { kind: 'raw'; table: FactTable; files: LakeFileRef[]; span: Span | null; rollups: Array<{ name: RollupName; span: Span }> }
  | { kind: 'rollupDays'; name: RollupName; cutMs: number | null; files: LakeFileRef[] }
  | { kind: 'hot'; table: FactTable; url: string; rows: number; span: Span; rollups: RollupName[] };

/**
 * Where rows go: the table a raw table or rollup is loaded into (itself, or its load twin; for a table the plan does not
 * load, the table holding it now), and the staging table of a fact table or rollup.
 */
export interface LoadTargets {
  tableOf(name: TableName | RollupName): string;
  stagingOf(name: FactTable | RollupName): string;
}

const overlaps = (dayMs: number, s: Span) => (s.toMs === null || dayMs < s.toMs) && (s.fromMs === null || dayMs + DAY_MS > s.fromMs);
const covers = (s: Span, dayMs: number) => (s.fromMs === null || s.fromMs <= dayMs) && (s.toMs === null || dayMs + DAY_MS <= s.toMs);
const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const nonEmpty = (s: Span) => s.fromMs === null || s.toMs === null || s.fromMs < s.toMs;

/** Consecutive runs of items with equal keys, each run cut into groups of about `groupBytes` (at least one file each). */
function groupRuns<T>(items: readonly T[], key: (t: T) => string, bytes: (t: T) => number, groupBytes: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let curKey = '';
  let curBytes = 0;
  for (const it of items) {
    const k = key(it);
    if (cur.length && (k !== curKey || curBytes + bytes(it) > groupBytes)) { out.push(cur); cur = []; curBytes = 0; }
    cur.push(it);
    curKey = k;
    curBytes += bytes(it);
  }
  if (cur.length) out.push(cur);
  return out;
}

const byDay = (files: readonly LakeFileRef[]) => [...files].sort((a, b) => (a.dayMs ?? 0) - (b.dayMs ?? 0));

function factUnits(p: FactPlan, groupBytes: number): LoadUnit[] {
  const rawSpan: Span = { fromMs: p.fromMs, toMs: minOf(p.toMs, p.lakeToMs) };
  const rollupSpans = p.lakeToMs === null ? [] : p.rollups
    .filter((r) => r.cutMs !== null)
    .map((r) => ({ name: r.name, span: { fromMs: r.cutMs, toMs: p.lakeToMs } }))
    .filter((r) => nonEmpty(r.span));
  // Which statements a day file needs; files needing the same ones are loaded together.
  const needs = (f: LakeFileRef) => ({
    raw: nonEmpty(rawSpan) && f.dayMs !== null && overlaps(f.dayMs, rawSpan),
    rollups: rollupSpans.filter((r) => f.dayMs !== null && overlaps(f.dayMs, r.span)),
  });
  const keyOf = (f: LakeFileRef) => { const n = needs(f); return `${n.raw}|${n.rollups.map((r) => r.name).join(',')}`; };
  const out: LoadUnit[] = groupRuns(byDay(p.files).filter((f) => keyOf(f) !== 'false|'), keyOf, (f) => f.bytes, groupBytes).map((g) => {
    const n = needs(g[0]!);
    return { kind: 'raw', table: p.table, files: g, span: n.raw ? rawSpan : null, rollups: n.rollups };
  });
  for (const r of p.rollups) {
    for (const g of groupRuns(byDay(r.files), () => r.name, (f) => f.bytes, groupBytes)) out.push({ kind: 'rollupDays', name: r.name, cutMs: r.cutMs, files: g });
  }
  return out;
}

/** Load order: dimensions, hot parts (fetched first: the server holds them only for a while), then files by table. */
export function planLoadUnits(plan: FilesPlan, groupBytes: number): LoadUnit[] {
  const dims = plan.tables.filter((t): t is DimensionPlan => t.kind === 'dimension');
  const facts = plan.tables.filter((t): t is FactPlan => t.kind === 'fact');
  return [
    ...dims.flatMap((d) => groupRuns(d.files, () => d.table, (f) => f.bytes, groupBytes).map((files): LoadUnit => ({ kind: 'dimension', table: d.table, files }))),
    ...facts.flatMap((p): LoadUnit[] => (p.hot ? [{
      kind: 'hot', table: p.table, url: p.hot.url, rows: p.hot.rows, span: { fromMs: p.fromMs, toMs: p.toMs }, rollups: p.rollups.map((r) => r.name),
    }] : [])),
    ...facts.flatMap((p) => factUnits(p, groupBytes)),
  ];
}

/** The columns a unit's files hold, in table order (checked against each decoded file). */
export function unitColumns(u: LoadUnit): string[] {
  return Object.keys(u.kind === 'rollupDays' ? ROLLUPS[u.name].spec : TABLES[u.table].spec);
}

export interface UnitLoad {
  /** The table every file (or the hot part) of the unit is appended to. */
  into: string;
  /** True when `into` is the unit's own table: the rows appended are the raw rows it loads. */
  direct: boolean;
  /** What runs next (on the staged rows), each flagged when it fills a raw table (so the loader can count rows). */
  statements: Array<{ sql: string; raw: boolean }>;
}

/** Where a unit's rows are appended and what then runs on them. */
export function unitLoad(u: LoadUnit, to: LoadTargets): UnitLoad {
  const rollup = (name: RollupName) => ({ name, target: to.tableOf(name) });
  // Dimensions come first in a plan, so a rollup joining one reads the rows this load put there (or the live table).
  const dims = { account: to.tableOf('account') };
  const direct = (into: string): UnitLoad => ({ into, direct: true, statements: [] });
  switch (u.kind) {
    case 'dimension': return direct(to.tableOf(u.table));
    case 'rollupDays': {
      if (u.cutMs === null || u.files.every((f) => f.dayMs !== null && f.dayMs + DAY_MS <= u.cutMs!)) return direct(to.tableOf(u.name));
      const staging = to.stagingOf(u.name);
      return { into: staging, direct: false, statements: [{ sql: insertRollupRowsSql(rollup(u.name), staging, u.cutMs), raw: false }, { sql: clearSql(staging), raw: false }] };
    }
    case 'raw': {
      if (u.span && !u.rollups.length && u.files.every((f) => f.dayMs !== null && covers(u.span!, f.dayMs))) return direct(to.tableOf(u.table));
      const staging = to.stagingOf(u.table);
      return {
        into: staging, direct: false, statements: [
          ...(u.span ? [{ sql: insertRawSql(u.table, to.tableOf(u.table), staging, u.span), raw: true }] : []),
          ...u.rollups.map((r) => ({ sql: insertRollupFromRawSql(rollup(r.name), staging, r.span, dims), raw: false })),
          { sql: clearSql(staging), raw: false },
        ],
      };
    }
    case 'hot': {
      const staging = to.stagingOf(u.table);
      return {
        into: staging, direct: false,
        statements: applyStagedSql({ table: u.table, staging, target: to.tableOf(u.table), span: u.span, rollups: u.rollups.map(rollup), dims, dedupe: false })
          .map((sql, i) => ({ sql, raw: i === 0 })),
      };
    }
  }
}
