// Seasonal baseline per site x time-of-day slot: median and MAD of every metric over past days (robust to past faults),
// for all days together and per day type (working day / rest day: weekly seasonality with holidays), a flat baseline
// for series without a daily shape, the sample counts that say whether the history is long enough, and each series'
// own noise regime and sigma floor.
import { CN_CALENDAR_2026, DAY_TYPES, dayTypeOf, localDayOf, restDaySql, type DayCalendar } from './dayCalendar.js';
import { KPI_FIELDS, KPI_MIN_SIGMA, MINUTE_MS, type KpiField } from './kpiFields.js';
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation, quantileSorted } from './robustStats.js';

/** 15-minute slots: short enough to follow the daily load curve, long enough for ~15 samples a day. */
export const SLOT_MINUTES = 15;
export const SLOTS_PER_DAY = 1440 / SLOT_MINUTES;
/** A day-type baseline is used only with this many days of that type behind it; else all days together. */
export const MIN_TYPED_DAYS = 3;
/** Fewer samples than this in a slot is "not enough history": the detector says so instead of guessing. */
export const MIN_READY_SAMPLES = 10;
/** Quantile of |robust z| that measures a series' noise regime, and its value for Gaussian noise. */
export const NOISE_QUANTILE = 0.99;
const NORMAL_ABS_Q99 = 2.5758;
/**
 * A series uses time-of-day slots only when its slot medians spread more than its noise within a slot (robust spread
 * of the slot medians / median slot sigma >= this); otherwise slots only add estimation noise and a flat baseline wins.
 */
export const SEASONALITY_MIN_STRENGTH = 1;
/** Slots with data a series needs before its daily shape is judged at all (half a day). */
const MIN_SLOTS_FOR_SEASONALITY = SLOTS_PER_DAY / 2;
const IQR_TO_SIGMA = 1.349;

export function slotOf(ms: number): number {
  const minuteOfDay = ((Math.floor(ms / MINUTE_MS) % 1440) + 1440) % 1440;
  return Math.floor(minuteOfDay / SLOT_MINUTES);
}

type Columns<M extends string> = Record<M, Float64Array>;

export interface SeasonalBaseline<M extends string = KpiField> {
  readonly metrics: readonly M[];
  readonly siteIndex: ReadonlyMap<number, number>;
  readonly calendar: DayCalendar;
  /** All days together, [siteIdx * SLOTS_PER_DAY + slot]; NaN where no history. */
  readonly median: Readonly<Columns<M>>;
  readonly mad: Readonly<Columns<M>>;
  /** Samples behind each all-days slot. */
  readonly samples: Float64Array;
  /** Per day type, [(siteIdx * 2 + dayTypeIndex) * SLOTS_PER_DAY + slot], with the distinct days behind each. */
  readonly typed: { readonly median: Readonly<Columns<M>>; readonly mad: Readonly<Columns<M>>; readonly days: Float64Array };
  /** Per site: all history pooled, for series without a daily shape. */
  readonly flat: { readonly median: Readonly<Columns<M>>; readonly mad: Readonly<Columns<M>> };
  /** Per site: 1 when the series is judged against its time-of-day slots, 0 when against the flat baseline. */
  readonly seasonal: Readonly<Columns<M>>;
  /** Per site: the robust sigma floor, so a flat-lined series does not turn a wiggle into a huge score. */
  readonly floor: Readonly<Columns<M>>;
  /** Per site: how much heavier than Gaussian its residuals are (q99 |z| / 2.576, at least 1). */
  readonly noise: Readonly<Columns<M>>;
  /** Which days of history it summarises, for display and staleness checks. */
  readonly fromMs: number;
  readonly toMs: number;
}

export interface BaselineOptions<M extends string> {
  metrics: readonly M[];
  calendar?: DayCalendar;
  /** Robust sigma floor per metric, in its units. */
  minSigma: (m: M) => number;
  /** Also floor sigma at this fraction of the history's range (metrics of unknown units and scale). */
  rangeFloor?: number;
}

const KPI_OPTIONS: BaselineOptions<KpiField> = { metrics: KPI_FIELDS, minSigma: (k) => KPI_MIN_SIGMA[k] };

function columns<M extends string>(metrics: readonly M[], n: number, fill: number): Columns<M> {
  return Object.fromEntries(metrics.map((k) => [k, new Float64Array(n).fill(fill)])) as Columns<M>;
}

export function emptyBaseline(siteIds: readonly number[], fromMs?: number, toMs?: number): SeasonalBaseline;
export function emptyBaseline<M extends string>(siteIds: readonly number[], fromMs: number, toMs: number, o: BaselineOptions<M>): SeasonalBaseline<M>;
export function emptyBaseline<M extends string>(siteIds: readonly number[], fromMs = 0, toMs = 0, o?: BaselineOptions<M>): SeasonalBaseline<M> {
  const opts = (o ?? KPI_OPTIONS) as BaselineOptions<M>;
  const n = siteIds.length * SLOTS_PER_DAY;
  const nt = n * DAY_TYPES.length;
  return {
    metrics: opts.metrics, siteIndex: new Map(siteIds.map((id, i) => [id, i])), calendar: opts.calendar ?? CN_CALENDAR_2026,
    median: columns(opts.metrics, n, NaN), mad: columns(opts.metrics, n, NaN), samples: new Float64Array(n),
    typed: { median: columns(opts.metrics, nt, NaN), mad: columns(opts.metrics, nt, NaN), days: new Float64Array(nt) },
    flat: { median: columns(opts.metrics, siteIds.length, NaN), mad: columns(opts.metrics, siteIds.length, NaN) },
    seasonal: columns(opts.metrics, siteIds.length, 1),
    floor: Object.fromEntries(opts.metrics.map((k) => [k, new Float64Array(siteIds.length).fill(opts.minSigma(k))])) as Columns<M>,
    noise: columns(opts.metrics, siteIds.length, 1), fromMs, toMs,
  };
}

/** Where one site's baseline for one moment is: the typed slot when it has enough days, else the all-days slot. */
export interface BaselineCursor {
  readonly allKey: number;
  /** -1 when the day type's own history is too short. */
  readonly typedKey: number;
  readonly siteIdx: number;
  readonly ready: boolean;
  readonly dayTypeIndex: number;
}

export function baselineCursor<M extends string>(b: SeasonalBaseline<M>, siteIdx: number, ms: number): BaselineCursor {
  return cursorAt(b, siteIdx, slotOf(ms), dayTypeOf(ms, b.calendar) === 'workday' ? 0 : 1);
}

/** The same with the slot and day type already known (one per minute for every site: the replay's hot loop). */
export function cursorAt<M extends string>(b: SeasonalBaseline<M>, siteIdx: number, slot: number, dayTypeIndex: number): BaselineCursor {
  const allKey = siteIdx * SLOTS_PER_DAY + slot;
  const typedKey = (siteIdx * DAY_TYPES.length + dayTypeIndex) * SLOTS_PER_DAY + slot;
  return {
    allKey, typedKey: b.typed.days[typedKey]! >= MIN_TYPED_DAYS ? typedKey : -1, siteIdx,
    ready: b.samples[allKey]! >= MIN_READY_SAMPLES, dayTypeIndex,
  };
}

export function centerAt<M extends string>(b: SeasonalBaseline<M>, c: BaselineCursor, m: M): number {
  if (b.seasonal[m][c.siteIdx] === 0) return b.flat.median[m][c.siteIdx]!;
  return c.typedKey >= 0 ? b.typed.median[m][c.typedKey]! : b.median[m][c.allKey]!;
}
export function madAt<M extends string>(b: SeasonalBaseline<M>, c: BaselineCursor, m: M): number {
  if (b.seasonal[m][c.siteIdx] === 0) return b.flat.mad[m][c.siteIdx]!;
  return c.typedKey >= 0 ? b.typed.mad[m][c.typedKey]! : b.mad[m][c.allKey]!;
}

/**
 * Strength of a series' daily (and weekly) shape: the spread of its slot medians (interquartile range in sigma units,
 * so a third of slots unlike the rest, e.g. rest days, still counts) over its typical within-slot sigma.
 * NaN when too few slots have data to tell.
 */
export function seasonalityStrength(slotMedians: ArrayLike<number>, slotMads: ArrayLike<number>, floor: number): number {
  const meds: number[] = [], sig: number[] = [];
  for (let i = 0; i < slotMedians.length; i++) {
    if (!Number.isFinite(slotMedians[i]!)) continue;
    meds.push(slotMedians[i]!);
    sig.push(Math.max((slotMads[i]! || 0) * MAD_TO_SIGMA, floor));
  }
  if (meds.length < MIN_SLOTS_FOR_SEASONALITY) return NaN;
  meds.sort((x, y) => x - y);
  return (quantileSorted(meds, 0.75) - quantileSorted(meds, 0.25)) / IQR_TO_SIGMA / median(sig);
}

/**
 * Fills `seasonal` from the slot baselines (flat when the shape is weak or unknown and a flat baseline exists). The
 * day-type slots with enough days join the all-days ones, so a weekly shape alone (rest days unlike working days) counts.
 */
function judgeSeasonality<M extends string>(b: SeasonalBaseline<M>): void {
  const sites = b.siteIndex.size;
  const meds: number[] = [], mads: number[] = [];
  for (const k of b.metrics) for (let i = 0; i < sites; i++) {
    meds.length = 0; mads.length = 0;
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
      meds.push(b.median[k][i * SLOTS_PER_DAY + slot]!); mads.push(b.mad[k][i * SLOTS_PER_DAY + slot]!);
      for (let t = 0; t < DAY_TYPES.length; t++) {
        const key = (i * DAY_TYPES.length + t) * SLOTS_PER_DAY + slot;
        if (b.typed.days[key]! >= MIN_TYPED_DAYS) { meds.push(b.typed.median[k][key]!); mads.push(b.typed.mad[k][key]!); }
      }
    }
    const strength = seasonalityStrength(meds, mads, b.floor[k][i]!);
    const flatKnown = Number.isFinite(b.flat.median[k][i]!);
    b.seasonal[k][i] = flatKnown && !(strength >= SEASONALITY_MIN_STRENGTH) ? 0 : 1;
  }
}

/** Pure JS path: the baseline of column-major rows (tests' second path to the SQL one; the SMD evaluation). */
export function baselineFromColumns(siteIds: readonly number[], c: { ts: ArrayLike<number>; site_id: ArrayLike<number> } & Record<KpiField, ArrayLike<number>>, fromMs: number, toMs: number): SeasonalBaseline;
export function baselineFromColumns<M extends string>(siteIds: readonly number[], c: { ts: ArrayLike<number>; site_id: ArrayLike<number> } & Record<M, ArrayLike<number>>, fromMs: number, toMs: number, o: BaselineOptions<M>): SeasonalBaseline<M>;
export function baselineFromColumns<M extends string>(
  siteIds: readonly number[], c: { ts: ArrayLike<number>; site_id: ArrayLike<number> } & Record<M, ArrayLike<number>>, fromMs: number, toMs: number, o?: BaselineOptions<M>,
): SeasonalBaseline<M> {
  const opts = (o ?? KPI_OPTIONS) as BaselineOptions<M>;
  const b = emptyBaseline(siteIds, fromMs, toMs, opts);
  const all = new Map<number, number[]>();
  const typed = new Map<number, number[]>();
  const bySite = new Map<number, number[]>();
  const typedDays = new Map<number, Set<number>>();
  const push = <K>(map: Map<K, number[]>, key: K, r: number) => { let l = map.get(key); if (!l) map.set(key, l = []); l.push(r); };
  for (let r = 0; r < c.ts.length; r++) {
    const ts = c.ts[r]!;
    if (ts < fromMs || ts >= toMs) continue;
    const i = b.siteIndex.get(c.site_id[r]!);
    if (i === undefined) continue;
    const cur = baselineCursor(b, i, ts);
    push(all, cur.allKey, r);
    push(bySite, i, r);
    const tk = (i * DAY_TYPES.length + cur.dayTypeIndex) * SLOTS_PER_DAY + slotOf(ts);
    push(typed, tk, r);
    let days = typedDays.get(tk);
    if (!days) typedDays.set(tk, days = new Set());
    days.add(localDayOf(ts, b.calendar));
  }
  const values = (k: M, rows: number[]) => rows.map((r) => c[k][r]!);
  for (const [key, rows] of all) {
    b.samples[key] = rows.length;
    for (const k of opts.metrics) { const v = values(k, rows); b.median[k][key] = median(v); b.mad[k][key] = medianAbsoluteDeviation(v); }
  }
  for (const [key, rows] of typed) {
    b.typed.days[key] = typedDays.get(key)!.size;
    for (const k of opts.metrics) { const v = values(k, rows); b.typed.median[k][key] = median(v); b.typed.mad[k][key] = medianAbsoluteDeviation(v); }
  }
  for (const [i, rows] of bySite) {
    for (const k of opts.metrics) {
      const v = values(k, rows);
      b.flat.median[k][i] = median(v);
      b.flat.mad[k][i] = medianAbsoluteDeviation(v);
      if (opts.rangeFloor) {
        let lo = Infinity, hi = -Infinity;
        for (const x of v) if (Number.isFinite(x)) { if (x < lo) lo = x; if (x > hi) hi = x; }
        if (hi > lo) b.floor[k][i] = Math.max(b.floor[k][i]!, opts.rangeFloor * (hi - lo));
      }
    }
  }
  judgeSeasonality(b);
  // Noise regime: |robust z| of the history against the baseline each series is judged by (slots or flat).
  for (const k of opts.metrics) {
    for (const [i, rows] of bySite) {
      const zs: number[] = [];
      const floor = b.floor[k][i]!;
      for (const r of rows) {
        const v = c[k][r]!;
        if (!Number.isFinite(v)) continue;
        const key = i * SLOTS_PER_DAY + slotOf(c.ts[r]!);
        const [med, mad] = b.seasonal[k][i] === 1 ? [b.median[k][key]!, b.mad[k][key]!] : [b.flat.median[k][i]!, b.flat.mad[k][i]!];
        zs.push(Math.abs(v - med) / Math.max(mad * MAD_TO_SIGMA, floor));
      }
      b.noise[k][i] = noiseFactor(quantileSorted(zs.sort((x, y) => x - y), NOISE_QUANTILE), typicalSamples(b, i, b.seasonal[k][i] === 1));
    }
  }
  return b;
}

/**
 * How much a median/MAD from n Gaussian samples inflates the q99 of its own |z| (simulated: 1.39 at n = 15, 1.16 at
 * 30, 1.05 at 105): a young slot baseline looks heavy-tailed by itself, and that is not a spiky series.
 */
export function smallSampleInflation(n: number): number {
  return 1 + 0.385 * (15 / Math.max(10, n)) ** 1.2;
}

/** How many times heavier than Gaussian a series' tail is, from the q99 of its |z| against baselines of ~n samples. */
export function noiseFactor(q99AbsZ: number, n: number): number {
  return Number.isFinite(q99AbsZ) ? Math.max(1, q99AbsZ / (NORMAL_ABS_Q99 * smallSampleInflation(n))) : 1;
}

/** Typical samples behind one site's baselines: the median over its slots with data (seasonal) or all of them (flat). */
function typicalSamples<M extends string>(b: SeasonalBaseline<M>, site: number, seasonal: boolean): number {
  const n = Array.from(b.samples.subarray(site * SLOTS_PER_DAY, (site + 1) * SLOTS_PER_DAY)).filter((x) => x > 0);
  return seasonal ? median(n) : n.reduce((a, x) => a + x, 0);
}

function kpiBase(source: string, fromMs: number, toMs: number, cal: DayCalendar): string {
  return `SELECT site_id, ((epoch_ms(ts) // ${MINUTE_MS}) % 1440 // ${SLOT_MINUTES})::INTEGER AS slot,
      ${restDaySql('ts', cal)} AS day_type, ((epoch_ms(ts) + ${cal.utcOffsetMin * MINUTE_MS}) // 86400000) AS local_day, ${KPI_FIELDS.join(', ')}
    FROM ${source}
    WHERE ts >= make_timestamp_ms(${Math.floor(fromMs)}) AND ts < make_timestamp_ms(${Math.floor(toMs)})`;
}

/**
 * DuckDB query: one row per site over all history (all_slots = 1), per (site_id, slot) over all days (all_days = 1)
 * and per (site_id, slot, day_type), with `<kpi>_med`, `<kpi>_mad`, the sample count n and the distinct local days.
 */
export function baselineSql(source: string, fromMs: number, toMs: number, cal: DayCalendar = CN_CALENDAR_2026): string {
  const aggs = KPI_FIELDS.map((k) => `median(${k})::DOUBLE AS ${k}_med, mad(${k})::DOUBLE AS ${k}_mad`).join(', ');
  return `SELECT site_id, slot, day_type, grouping(slot)::INTEGER AS all_slots, grouping(day_type)::INTEGER AS all_days, count(*)::DOUBLE AS n,
      count(DISTINCT local_day)::DOUBLE AS days, ${aggs}
    FROM (${kpiBase(source, fromMs, toMs, cal)})
    GROUP BY GROUPING SETS ((site_id), (site_id, slot), (site_id, slot, day_type))`;
}

/**
 * DuckDB query: per site, `<kpi>_q` and `<kpi>_qf` = the NOISE_QUANTILE of |robust z| against the all-days slot
 * baseline and against the flat one (the reader keeps the one the series is judged by). `baselineTable` holds
 * baselineSql's rows (a temp table, so the medians are not computed twice); without it they are computed here.
 */
export function noiseSql(source: string, fromMs: number, toMs: number, cal: DayCalendar = CN_CALENDAR_2026, baselineTable?: string): string {
  const g = baselineTable ?? `(${baselineSql(source, fromMs, toMs, cal)})`;
  const z = (k: KpiField, b: string) => `abs(k.${k} - ${b}.${k}_med) / greatest(${b}.${k}_mad * ${MAD_TO_SIGMA}, ${KPI_MIN_SIGMA[k]})`;
  const qs = KPI_FIELDS.map((k) =>
    `quantile_cont(${z(k, 'b')}, ${NOISE_QUANTILE})::DOUBLE AS ${k}_q, quantile_cont(${z(k, 'f')}, ${NOISE_QUANTILE})::DOUBLE AS ${k}_qf`).join(', ');
  return `WITH g AS (SELECT * FROM ${g}),
    b AS (SELECT * FROM g WHERE all_slots = 0 AND all_days = 1),
    f AS (SELECT * FROM g WHERE all_slots = 1)
    SELECT k.site_id, ${qs}
    FROM (${kpiBase(source, fromMs, toMs, cal)}) k JOIN b ON b.site_id = k.site_id AND b.slot = k.slot JOIN f ON f.site_id = k.site_id
    GROUP BY k.site_id`;
}

/** Builds the baseline from baselineSql's and noiseSql's rows (column-major). */
export function baselineFromSqlColumns(
  siteIds: readonly number[], cols: Record<string, ArrayLike<unknown>>, fromMs: number, toMs: number,
  noise: Record<string, ArrayLike<unknown>> | null = null, cal: DayCalendar = CN_CALENDAR_2026,
): SeasonalBaseline {
  const b = emptyBaseline(siteIds, fromMs, toMs, { ...KPI_OPTIONS, calendar: cal });
  const site = cols.site_id ?? [];
  const slot = cols.slot ?? [];
  for (let r = 0; r < site.length; r++) {
    const i = b.siteIndex.get(Number(site[r]));
    if (i === undefined) continue;
    const value = (k: KpiField, what: 'med' | 'mad') => Number(cols[`${k}_${what}`]?.[r] ?? NaN);
    if (Number(cols.all_slots?.[r] ?? 0) === 1) {
      for (const k of KPI_FIELDS) { b.flat.median[k][i] = value(k, 'med'); b.flat.mad[k][i] = value(k, 'mad'); }
      continue;
    }
    const allDays = Number(cols.all_days?.[r] ?? 1) === 1;
    const key = allDays ? i * SLOTS_PER_DAY + Number(slot[r])
      : (i * DAY_TYPES.length + Number(cols.day_type?.[r])) * SLOTS_PER_DAY + Number(slot[r]);
    const target = allDays ? b : b.typed;
    if (allDays) b.samples[key] = Number(cols.n?.[r] ?? 0); else b.typed.days[key] = Number(cols.days?.[r] ?? 0);
    for (const k of KPI_FIELDS) { target.median[k][key] = value(k, 'med'); target.mad[k][key] = value(k, 'mad'); }
  }
  judgeSeasonality(b);
  const nSite = noise?.site_id ?? [];
  for (let r = 0; r < nSite.length; r++) {
    const i = b.siteIndex.get(Number(nSite[r]));
    if (i === undefined) continue;
    for (const k of KPI_FIELDS) {
      const seasonal = b.seasonal[k][i] === 1;
      b.noise[k][i] = noiseFactor(Number(noise?.[seasonal ? `${k}_q` : `${k}_qf`]?.[r] ?? NaN), typicalSamples(b, i, seasonal));
    }
  }
  return b;
}
