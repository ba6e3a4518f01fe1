// Replays a lake minute by minute through the detectors, with a walk-forward seasonal baseline from earlier days only.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Alarm, Site } from '../../schema/tables.js';
import { jsFriendlySelect, readParquetSql } from '../../schema/duckdbSql.js';
import { TABLES } from '../../schema/tables.js';
import { listTableFiles, readManifest } from '../lake/lakeReader.js';
import type { LakeManifest } from '../lake/lakeLayout.js';
import { KPI_FIELDS, MINUTE_MS } from '../detect/kpiFields.js';
import type { KpiColumns } from '../detect/kpiWindow.js';
import { baselineFromSqlColumns, baselineSql } from '../detect/seasonalBaseline.js';
import { SiteDetector } from '../detect/siteDetector.js';
import type { DetectorConfig, SiteFeatures } from '../detect/siteFeatures.js';

const DAY_MS = 86_400_000;

export interface ReplayOptions {
  /** First and last day index (0 = lake start) to replay; the default skips day 0, which only warms up the baseline. */
  fromDay?: number;
  toDay?: number;
  /** Days of history in the baseline. */
  baselineDays?: number;
  cfg?: DetectorConfig;
  onDay?: (dayStartMs: number) => void;
}

export interface LakeHandle { manifest: LakeManifest; sites: Site[]; conn: DuckDBConnection; close(): void; lakeDir: string }

export async function openLake(lakeDir: string): Promise<LakeHandle> {
  const manifest = await readManifest(lakeDir);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const siteFiles = await listTableFiles(lakeDir, 'site');
  const sites = (await conn.runAndReadAll(`SELECT ${jsFriendlySelect(TABLES.site.spec)} FROM ${readParquetSql(siteFiles)} ORDER BY site_id`))
    .getRowObjectsJS() as unknown as Site[];
  return { manifest, sites, conn, lakeDir, close() { conn.closeSync(); db.closeSync(); } };
}

/** Calls onMinute(minute, features) for every minute of the replayed days, in order. */
export async function replayLake(
  lake: LakeHandle, onMinute: (minute: number, features: SiteFeatures[]) => void | Promise<void>, o: ReplayOptions = {},
): Promise<{ fromMs: number; toMs: number; siteDays: number }> {
  const { manifest, conn, sites } = lake;
  const days = Math.round((manifest.endMs - manifest.startMs) / DAY_MS);
  const fromDay = o.fromDay ?? Math.min(1, days - 1);
  const toDay = o.toDay ?? days - 1;
  const kpiSrc = readParquetSql(await listTableFiles(lake.lakeDir, 'kpi'));
  const alarmFiles = await listTableFiles(lake.lakeDir, 'alarm');
  const detector = new SiteDetector(sites, o.cfg);
  const ids = sites.map((s) => s.site_id);
  for (let d = fromDay; d <= toDay; d++) {
    const dayStart = manifest.startMs + d * DAY_MS;
    o.onDay?.(dayStart);
    const histFrom = Math.max(manifest.startMs, dayStart - (o.baselineDays ?? 7) * DAY_MS);
    // With no earlier day (replaying day 0) the baseline falls back to the day itself: flagged in the report.
    const [bFrom, bTo] = histFrom < dayStart ? [histFrom, dayStart] : [dayStart, dayStart + DAY_MS];
    const b = await conn.runAndReadAll(baselineSql(kpiSrc, bFrom, bTo));
    detector.baseline = baselineFromSqlColumns(ids, b.getColumnsObjectJS() as Record<string, unknown[]>, bFrom, bTo);
    // Start 15 minutes early so the trend window is warm at the first replayed minute.
    const loadFrom = d === fromDay ? dayStart - 15 * MINUTE_MS : dayStart;
    const kpi = (await conn.runAndReadAll(`SELECT ${jsFriendlySelect(TABLES.kpi.spec, ['ts', 'site_id', ...KPI_FIELDS])} FROM ${kpiSrc}
      WHERE ts >= make_timestamp_ms(${loadFrom}) AND ts < make_timestamp_ms(${dayStart + DAY_MS}) ORDER BY ts, site_id`))
      .getColumnsObjectJS() as unknown as KpiColumns & { ts: number[] };
    const alarms = alarmFiles.length
      ? (await conn.runAndReadAll(`SELECT ${jsFriendlySelect(TABLES.alarm.spec)} FROM ${readParquetSql(alarmFiles)}
          WHERE ts >= make_timestamp_ms(${loadFrom - DAY_MS}) AND ts < make_timestamp_ms(${dayStart + DAY_MS}) ORDER BY ts, alarm_id`))
        .getRowObjectsJS() as unknown as Alarm[]
      : [];
    let ai = 0, ki = 0;
    const ts = kpi.ts;
    // Alarms raised before the day still count as open.
    for (let m = Math.floor(loadFrom / MINUTE_MS); m < (dayStart + DAY_MS) / MINUTE_MS; m++) {
      const end = (m + 1) * MINUTE_MS;
      const startK = ki;
      while (ki < ts.length && ts[ki]! < end) ki++;
      if (ki > startK) detector.addKpiColumns(sliceColumns(kpi, startK, ki));
      const batch: Alarm[] = [];
      while (ai < alarms.length && alarms[ai]!.ts < end) batch.push(alarms[ai++]!);
      detector.addAlarms(batch);
      const f = detector.featuresAt(m);
      if (m * MINUTE_MS >= dayStart) await onMinute(m, f);
    }
  }
  return { fromMs: manifest.startMs + fromDay * DAY_MS, toMs: manifest.startMs + (toDay + 1) * DAY_MS, siteDays: sites.length * (toDay - fromDay + 1) };
}

function sliceColumns(c: KpiColumns, from: number, to: number): KpiColumns {
  const out: Record<string, ArrayLike<number>> = {};
  for (const k of ['ts', 'site_id', ...KPI_FIELDS] as const) out[k] = (c[k] as number[]).slice(from, to);
  return out as KpiColumns;
}
