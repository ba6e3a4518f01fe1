// Writes the synthetic daily history of HISTORY_MONTHS months before a lake's raw start (deterministic per seed and
// plan), calibrated on the lake's first raw day; and adds it to an existing lake that has none.
import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { HISTORY_MONTHS, HISTORY_TABLES, type HistoryTableName } from '../../schema/history.js';
import type { TableSpec } from '../../schema/columns.js';
import { LakeReader } from '../lake/lakeReader.js';
import { writeHistoryParquet } from './historyParquet.js';
import { buildOperatorPlan, type OperatorPlan } from '../simulator/plan/operatorPlan.js';
import { DAY_MS, utcDayMs } from '../rating/exactMoney.js';
import { calibrateFromDay } from './historyCalibration.js';
import { generateRevenueHistory } from './generateRevenueHistory.js';
import { generateTicketHistory, plannedFaultsByDay } from './generateTicketHistory.js';
import { writeAssuranceHistory } from './generateAssuranceHistory.js';
import { generatedHistoryFile, HISTORY_TABLE_NAMES, removeGeneratedHistory } from './historyLayout.js';

export interface GeneratedHistory { fromMs: number; toMs: number; rows: Record<HistoryTableName, number> }

/** The generated past: from the first of the month HISTORY_MONTHS months before the raw start's month, to the raw start. */
export function generatedHistoryRange(rawStartMs: number): { fromMs: number; toMs: number } {
  const d = new Date(rawStartMs);
  return { fromMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - HISTORY_MONTHS, 1), toMs: utcDayMs(rawStartMs) };
}

/**
 * Generates the history of a lake whose raw facts (and manifest) are written: `plan` must be the plan the lake was
 * generated from. Each table's file appears whole (temp file + rename).
 */
export async function generateHistory(lakeDir: string, plan: OperatorPlan, log: (msg: string) => void = () => {}): Promise<GeneratedHistory> {
  const t0 = Date.now();
  const { fromMs, toMs } = generatedHistoryRange(plan.params.startMs);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run('SET preserve_insertion_order = true');
    const cal = await calibrateFromDay(conn, lakeDir, plan, toMs);
    const faults = plannedFaultsByDay(plan, fromMs, toMs);
    const revenue = generateRevenueHistory(plan, cal, fromMs, toMs);
    const tickets = generateTicketHistory(plan, faults, toMs);
    await writeTable(conn, lakeDir, 'revenue_history', revenue);
    await writeTable(conn, lakeDir, 'ticket_history', tickets);
    const file = generatedHistoryFile(lakeDir, 'assurance_history');
    await mkdir(path.dirname(file), { recursive: true });
    const assurance = await writeAssuranceHistory(conn, plan, cal, faults, fromMs, toMs, `${file}.tmp`);
    await rename(`${file}.tmp`, file);
    const rows = { revenue_history: revenue.length, assurance_history: assurance, ticket_history: tickets.length };
    log(`history ${new Date(fromMs).toISOString().slice(0, 10)}..${new Date(toMs - DAY_MS).toISOString().slice(0, 10)}: `
      + `${rows.revenue_history} revenue, ${rows.assurance_history} assurance, ${rows.ticket_history} ticket rows (${Date.now() - t0} ms)`);
    return { fromMs, toMs, rows };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

async function writeTable(conn: DuckDBConnection, lakeDir: string, table: HistoryTableName, rows: readonly object[]): Promise<void> {
  await writeHistoryParquet(conn, HISTORY_TABLES[table] as TableSpec, rows, generatedHistoryFile(lakeDir, table));
}

/** Whether every history table has its generated past. */
export async function hasGeneratedHistory(lakeDir: string): Promise<boolean> {
  for (const t of HISTORY_TABLE_NAMES) if (!(await stat(generatedHistoryFile(lakeDir, t)).catch(() => null))) return false;
  return true;
}

/**
 * Adds the generated past to a lake written before history existed (or whose generation was cut short), rebuilding
 * the plan from its manifest. Returns whether it generated anything.
 */
export async function ensureHistory(lakeDir: string, log: (msg: string) => void = () => {}): Promise<boolean> {
  if (await hasGeneratedHistory(lakeDir)) return false;
  await removeGeneratedHistory(lakeDir);
  const lake = await LakeReader.open(lakeDir);
  const m = lake.manifest;
  lake.close();
  const plan = buildOperatorPlan({ seed: m.seed, sites: m.sites, accounts: m.accounts, startMs: m.startMs, endMs: m.endMs });
  await generateHistory(lakeDir, plan, log);
  return true;
}
