// Plans a history download as files that already exist: per table, the lake files holding its rows below the hot window's
// coverage start and the hot part from it on, every table cut at one instant (one seq); with rollups, each rollup's day
// files below its cut. Exactness is FactReader.split's: rows below the coverage start are all flushed (coverage never
// passes an unflushed row) and no later batch may add one (ingest refuses events older than the window).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import {
  hotPartUrl, type DimensionPlan, type FactPlan, type FilesPlan, type HistoryPlanRequest, type LakeFileRef, type RollupPlan,
} from '../../schema/dataPlane.js';
import { ROLLUPS, rollupsOf } from '../../schema/rollups.js';
import { isFactTable, type FactTable, type TableName } from '../../schema/tables.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import { partitionDayMs } from '../../pipelines/lake/lakeLayout.js';
import { listRollupFiles } from '../../pipelines/lake/rollupWriter.js';
import { strongEtag } from './fileResponse.js';
import type { HotPart, HotPartStore } from './hotPartStore.js';
import { lakeFileUrl } from './lakeFilePath.js';

const DAY_MS = 86_400_000;

/** A half-open time range; null ends are unbounded. */
interface Span { fromMs: number | null; toMs: number | null }

const nonEmpty = (s: Span) => s.fromMs === null || s.toMs === null || s.fromMs < s.toMs;
const dayOverlaps = (dayMs: number, s: Span) => (s.toMs === null || dayMs < s.toMs) && (s.fromMs === null || dayMs + DAY_MS > s.fromMs);
const dayOf = (file: string) => partitionDayMs(path.basename(path.dirname(file)));

/** Thrown when a listed file vanished before it was described: the listing is retried. */
class ListingChanged extends Error {}

/** What one fact table's part of the plan was cut to, synchronously (see FactReader.split). */
interface FactCut { table: FactTable; hot: Table[]; hotRows: number; hotRowsInRange: number }

export class HistoryPlanner {
  constructor(private readonly facts: FactReader, private readonly hotParts: HotPartStore) {}

  private get lakeDir(): string { return this.facts.lake.dir; }

  private async refs(files: readonly string[], dimension: boolean): Promise<LakeFileRef[]> {
    return Promise.all(files.map(async (file) => {
      const st = await stat(file, { bigint: true }).catch(() => null);
      if (!st) throw new ListingChanged(file);
      const dayMs = dimension ? null : dayOf(file);
      if (!dimension && dayMs === null) throw new Error(`lake file outside a day partition: ${file}`);
      return { url: lakeFileUrl(this.lakeDir, file), bytes: Number(st.size), etag: strongEtag({ size: Number(st.size), mtimeNs: st.mtimeNs }), dayMs };
    }));
  }

  /** Lists and describes files, again if one vanished meanwhile (compaction); a lake that keeps changing is an error. */
  private async stableRefs(list: () => Promise<string[]>, dimension: boolean): Promise<{ files: string[]; refs: LakeFileRef[] }> {
    for (let attempt = 0; ; attempt++) {
      const files = await list();
      try {
        return { files, refs: await this.refs(files, dimension) };
      } catch (e) {
        if (!(e instanceof ListingChanged) || attempt >= 2) throw e;
      }
    }
  }

  private async dimension(table: Exclude<TableName, FactTable | 'fault'>): Promise<DimensionPlan> {
    const { files, refs } = await this.stableRefs(() => this.facts.lake.files(table), true);
    return { kind: 'dimension', table, rows: await this.facts.lake.count(table, {}, files), files: refs };
  }

  private async fact(cut: FactCut, req: HistoryPlanRequest, cov: number | null, planId: string): Promise<FactPlan> {
    const { table } = cut;
    const raw: Span = { fromMs: req.fromMs ?? null, toMs: minOf(req.toMs ?? null, cov) };
    const rollupCuts = req.rollups ? rollupsOf(table).map((name) => ({ name, cutMs: cov === null ? null : Math.floor(cov / ROLLUPS[name].grainMs) * ROLLUPS[name].grainMs })) : [];
    // Raw rows the client rolls up itself: from each rollup's cut to the coverage start.
    const rollupRaw: Span[] = cov === null ? [] : rollupCuts.map((r) => ({ fromMs: r.cutMs, toMs: cov }));
    const needed = [raw, ...rollupRaw].filter(nonEmpty);
    const { files, refs } = await this.stableRefs(async () => (await this.facts.lake.files(table))
      .filter((f) => { const d = dayOf(f); return d !== null && needed.some((s) => dayOverlaps(d, s)); }), false);
    const inRange = nonEmpty(raw) ? files.filter((f) => dayOverlaps(dayOf(f)!, raw)) : [];
    const lakeRows = inRange.length ? await this.facts.lake.count(table, { fromMs: raw.fromMs ?? undefined, toMs: raw.toMs ?? undefined }, inRange) : 0;
    const rollups: RollupPlan[] = [];
    for (const r of rollupCuts) {
      const { refs: dayRefs } = await this.stableRefs(async () => (await listRollupFiles(this.lakeDir, r.name))
        .filter((f) => { const d = dayOf(f); return d !== null && (r.cutMs === null || d < r.cutMs); }), false);
      rollups.push({ name: r.name, cutMs: r.cutMs, files: dayRefs });
    }
    return {
      kind: 'fact', table, rows: lakeRows + cut.hotRowsInRange, fromMs: req.fromMs ?? null, toMs: req.toMs ?? null, lakeToMs: cov,
      files: refs, hot: cut.hotRows ? { url: hotPartUrl(planId, table), rows: cut.hotRows } : null, rollups,
    };
  }

  /** The plan for `owner` (a user name: only they may fetch its hot parts). */
  async plan(req: HistoryPlanRequest, owner: string): Promise<FilesPlan> {
    // Synchronous up to the hot parts' store: coverage, seq and every table's slices are one instant.
    const hot = this.facts.hot;
    const cov = hot ? Math.ceil(hot.coverageStartMs) : null;
    const seq = this.facts.seq;
    const cuts: FactCut[] = req.tables.filter(isFactTable).map((table) => {
      // With rollups every hot row is needed (they roll up all time); the raw range is then cut by the client.
      const s = this.facts.split(table, req.rollups ? {} : { fromMs: req.fromMs, toMs: req.toMs });
      const hotRows = s.hot.reduce((n, t) => n + t.numRows, 0);
      const hotRowsInRange = req.rollups && hot ? hot.count(table, { fromMs: req.fromMs, toMs: req.toMs }) : hotRows;
      return { table, hot: s.hot, hotRows, hotRowsInRange };
    });
    const parts = new Map<FactTable, HotPart>(cuts.filter((c) => c.hotRows > 0).map((c) => [c.table, { seq, tables: c.hot, rows: c.hotRows }]));
    const planId = this.hotParts.put(owner, parts);
    const tables = await Promise.all(req.tables.map((t) => {
      const cut = cuts.find((c) => c.table === t);
      return cut ? this.fact(cut, req, cov, planId) : this.dimension(t as Exclude<TableName, FactTable | 'fault'>);
    }));
    return { kind: 'files', planId, seq, coverageStartMs: cov, tables };
  }
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
