// One site's drill-down aggregated where the rows are: GROUP BY in DuckDB for the lake part, one pass over the hot
// window's Arrow slices for the rest, so memory grows with the points and accounts returned, never with raw rows.
import type { Table } from 'apache-arrow';
import { jsValue, type FactReader } from '../../pipelines/lake/factReader.js';
import type { TimeRange } from '../../pipelines/lake/lakeReader.js';
import { quoteIdent } from '../../schema/duckdbSql.js';
import { TABLES, type FactTable, type RowTypes } from '../../schema/tables.js';

/** At most this many points per series: a week at 5-minute buckets fits, 31 days at 1 minute (44,640) does not. */
export const MAX_SERIES_POINTS = 2100;

/** Buckets (aligned to multiples of bucketMs since the epoch) that a window touches: the points of its series. */
export function seriesPointCount(w: { fromMs: number; toMs: number }, bucketMs: number): number {
  return w.toMs <= w.fromMs ? 0 : Math.floor((w.toMs - 1) / bucketMs) - Math.floor(w.fromMs / bucketMs) + 1;
}

/** The smallest whole-minute bucket that keeps a window within MAX_SERIES_POINTS. */
export function minBucketMs(windowMs: number): number {
  return Math.ceil(windowMs / (MAX_SERIES_POINTS - 1) / 60_000) * 60_000;
}

/** Partial aggregates of one bucket; lake and hot parts merge by adding (max for latency). */
export interface KpiBucket { n: number; lat: number; jit: number; loss: number; dl: number; ul: number; users: number }
export interface AccountTotals { events: number; tokens: number }

const KPI_SUMS = { jit: 'jitter_ms', loss: 'loss_pct', dl: 'dl_mbps', ul: 'ul_mbps', users: 'active_users' } as const;

function whereSiteInRange(siteId: number, r: TimeRange): string {
  if (!Number.isSafeInteger(siteId)) throw new Error(`site id ${siteId} is not an integer`);
  const conds = [`site_id = ${siteId}`];
  if (r.fromMs !== undefined) conds.push(`ts >= make_timestamp_ms(${Math.floor(r.fromMs)})`);
  if (r.toMs !== undefined) conds.push(`ts < make_timestamp_ms(${Math.floor(r.toMs)})`);
  return `WHERE ${conds.join(' AND ')}`;
}

/** Per-bucket count, max latency and sums of one site's KPI rows in a range (bucket start as epoch ms). */
export function kpiBucketsSql(from: string, siteId: number, r: TimeRange, bucketMs: number): string {
  if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0) throw new Error(`bucket ${bucketMs} ms is not a positive integer`);
  const sums = Object.entries(KPI_SUMS).map(([k, c]) => `sum(${quoteIdent(c)})::DOUBLE AS ${k}`).join(', ');
  return `SELECT ((epoch_ms(ts) // ${bucketMs}) * ${bucketMs})::DOUBLE AS b, count(*)::DOUBLE AS n, max(latency_ms)::DOUBLE AS lat, ${sums}
    FROM ${from} ${whereSiteInRange(siteId, r)} GROUP BY 1`;
}

/** Per-account events and tokens (in + out) of one site's usage rows in a range. */
export function accountTotalsSql(from: string, siteId: number, r: TimeRange): string {
  return `SELECT account_id::DOUBLE AS a, count(*)::DOUBLE AS events, sum(tokens_in::BIGINT + tokens_out::BIGINT)::DOUBLE AS tokens
    FROM ${from} ${whereSiteInRange(siteId, r)} GROUP BY 1`;
}

const num = (x: unknown): number => jsValue(x) as number;

function addKpi(buckets: Map<number, KpiBucket>, b: number, x: KpiBucket): void {
  const y = buckets.get(b);
  if (!y) { buckets.set(b, { ...x }); return; }
  y.n += x.n; y.lat = Math.max(y.lat, x.lat); y.jit += x.jit; y.loss += x.loss; y.dl += x.dl; y.ul += x.ul; y.users += x.users;
}

function addAccount(acc: Map<number, AccountTotals>, id: number, events: number, tokens: number): void {
  const x = acc.get(id);
  if (x) { x.events += events; x.tokens += tokens; } else acc.set(id, { events, tokens });
}

/** Runs `fn` on each hot-window row of the site: the site column is read for every row, the others only for its rows. */
function forSiteRows(slices: readonly Table[], siteId: number, columns: readonly string[], fn: (v: number[]) => void): void {
  const v = columns.map(() => 0);
  for (const t of slices) {
    const site = t.getChild('site_id');
    const cols = columns.map((c) => t.getChild(c));
    if (!site || cols.some((c) => !c)) throw new Error(`hot slice lacks a column of ${columns.join(', ')}`);
    for (let i = 0; i < t.numRows; i++) {
      if (site.get(i) !== siteId) continue;
      for (let k = 0; k < cols.length; k++) v[k] = num(cols[k]!.get(i));
      fn(v);
    }
  }
}

/** One site's KPI buckets over a range: lake part aggregated by DuckDB, hot part in one pass; keys are bucket starts. */
export async function siteKpiBuckets(facts: FactReader, siteId: number, w: TimeRange, bucketMs: number): Promise<Map<number, KpiBucket>> {
  const hotCols = ['ts', 'latency_ms', ...Object.values(KPI_SUMS)];
  return aggregate(facts, 'kpi', w, ['site_id', ...hotCols], new Map<number, KpiBucket>(),
    async (buckets, lakeRange) => {
      const c = await facts.lake.queryColumns(kpiBucketsSql(await facts.lake.source('kpi'), siteId, lakeRange, bucketMs));
      for (let i = 0; i < (c.b?.length ?? 0); i++) {
        addKpi(buckets, num(c.b![i]), { n: num(c.n![i]), lat: num(c.lat![i]), jit: num(c.jit![i]), loss: num(c.loss![i]), dl: num(c.dl![i]), ul: num(c.ul![i]), users: num(c.users![i]) });
      }
    },
    (buckets, slices) => forSiteRows(slices, siteId, hotCols, ([ts, lat, jit, loss, dl, ul, users]) => {
      addKpi(buckets, Math.floor(ts! / bucketMs) * bucketMs, { n: 1, lat: lat!, jit: jit!, loss: loss!, dl: dl!, ul: ul!, users: users! });
    }));
}

/** One site's served accounts over a range with their events and tokens. */
export async function siteAccountTotals(facts: FactReader, siteId: number, w: TimeRange): Promise<Map<number, AccountTotals>> {
  const hotCols = ['account_id', 'tokens_in', 'tokens_out'];
  return aggregate(facts, 'usage', w, ['site_id', ...hotCols], new Map<number, AccountTotals>(),
    async (acc, lakeRange) => {
      const c = await facts.lake.queryColumns(accountTotalsSql(await facts.lake.source('usage'), siteId, lakeRange));
      for (let i = 0; i < (c.a?.length ?? 0); i++) addAccount(acc, num(c.a![i]), num(c.events![i]), num(c.tokens![i]));
    },
    (acc, slices) => forSiteRows(slices, siteId, hotCols, ([a, tin, tout]) => addAccount(acc, a!, 1, tin! + tout!)));
}

/** One site's rows of a fact table in a range as objects (lake rows filtered by DuckDB, hot rows in one pass). */
export async function siteRows<T extends FactTable>(facts: FactReader, table: T, siteId: number, w: TimeRange): Promise<RowTypes[T][]> {
  const columns = Object.keys(TABLES[table].spec);
  const out: RowTypes[T][] = [];
  return aggregate(facts, table, w, columns, out,
    async (rows, lakeRange) => { rows.push(...await facts.lake.rows(table, lakeRange, { filter: { column: 'site_id', values: [siteId] } })); },
    (rows, slices) => {
      for (const t of slices) {
        const site = t.getChild('site_id');
        const cols = columns.map((c) => t.getChild(c));
        for (let i = 0; i < t.numRows; i++) {
          if (site?.get(i) !== siteId) continue;
          rows.push(Object.fromEntries(columns.map((c, k) => [c, jsValue(cols[k]?.get(i))])) as RowTypes[T]);
        }
      }
    });
}

/** Splits the range once (FactReader.split) so lake and hot parts hold each row exactly once, then folds both into `into`. */
async function aggregate<A>(facts: FactReader, table: FactTable, w: TimeRange, columns: readonly string[], into: A,
  lake: (into: A, r: TimeRange) => Promise<void>, hot: (into: A, slices: readonly Table[]) => void): Promise<A> {
  const s = facts.split(table, { fromMs: w.fromMs, toMs: w.toMs }, columns);
  hot(into, s.hot);
  if (s.lake) await lake(into, s.lake);
  return into;
}
