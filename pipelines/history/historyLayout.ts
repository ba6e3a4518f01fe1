// Where the daily history lives inside a lake dir: one folder per history table, the generated past in one file and
// each rolled-forward day in a file of its own, so one read_parquet glob sees both and a rewritten day replaces its file.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { HISTORY_TABLES, type HistoryTableName } from '../../schema/history.js';
import { utcDate } from '../lake/lakeLayout.js';

export const HISTORY_DIR = 'history';
export const HISTORY_TABLE_NAMES = Object.keys(HISTORY_TABLES) as HistoryTableName[];
/** The synthetic past written by the fixtures (days before the raw lake's start). */
export const GENERATED_HISTORY_FILE = 'generated.parquet';
const DAY_FILE = /^day=(\d{4}-\d{2}-\d{2})\.parquet$/;

export function historyTableDir(lakeDir: string, table: HistoryTableName): string {
  return path.join(lakeDir, HISTORY_DIR, table);
}

export function generatedHistoryFile(lakeDir: string, table: HistoryTableName): string {
  return path.join(historyTableDir(lakeDir, table), GENERATED_HISTORY_FILE);
}

/** The file of one rolled-forward UTC day; writing it again replaces the day (writers go through tmp + rename). */
export function historyDayFile(lakeDir: string, table: HistoryTableName, dayMs: number): string {
  return path.join(historyTableDir(lakeDir, table), `day=${utcDate(dayMs)}.parquet`);
}

/** Glob of every file of a history table (temp files end in .tmp and never match). */
export function historyGlob(lakeDir: string, table: HistoryTableName): string {
  return path.join(historyTableDir(lakeDir, table), '*.parquet');
}

/** Every Parquet file of a history table, sorted so scans are deterministic. */
export async function listHistoryFiles(lakeDir: string, table: HistoryTableName): Promise<string[]> {
  const dir = historyTableDir(lakeDir, table);
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.parquet')).sort().map((n) => path.join(dir, n));
}

/** UTC midnights of the rolled-forward days a history table has a file for, ascending. */
export async function rolledDays(lakeDir: string, table: HistoryTableName): Promise<number[]> {
  const names = await readdir(historyTableDir(lakeDir, table)).catch(() => [] as string[]);
  const out: number[] = [];
  for (const n of names) {
    const m = DAY_FILE.exec(n);
    if (m) out.push(Date.parse(`${m[1]!}T00:00:00Z`));
  }
  return out.sort((a, b) => a - b);
}

/** Removes the generated past of every table (before regenerating it); rolled days stay. */
export async function removeGeneratedHistory(lakeDir: string): Promise<void> {
  for (const t of HISTORY_TABLE_NAMES) await rm(generatedHistoryFile(lakeDir, t), { force: true });
}
