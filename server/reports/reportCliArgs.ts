// Arguments of `npm run report`, validated up front with readable errors (no server or file is touched before they pass).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_TABLES, type ReportPeriod } from '../../schema/executive.js';
import { parsePeriod } from '../../domain/period/reportPeriod.js';

export const REPORT_FORMATS = ['pdf', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_USAGE = 'usage: npm run report -- --def reports/weekly-exec.yaml --period 2026-W47 --out report.pdf'
  + ' [--format pdf|html|csv] [--table TABLE_ID (csv)] [--local]';

export interface ReportCliArgs {
  defFile: string;
  period: ReportPeriod;
  out: string;
  format: ReportFormat;
  table: string | null;
  /** Compute in this process even when a server answers (it needs the state store, which a running server locks). */
  local: boolean;
}

/** A usage mistake: the CLI prints it with the usage line and exits 2. */
export class UsageError extends Error {}

function formatOf(explicit: string | undefined, out: string): ReportFormat {
  if (explicit !== undefined) {
    if (!(REPORT_FORMATS as readonly string[]).includes(explicit)) throw new UsageError(`--format: expected pdf, html or csv, got '${explicit}'`);
    return explicit as ReportFormat;
  }
  const ext = path.extname(out).toLowerCase().slice(1);
  const inferred = ext === 'htm' ? 'html' : ext;
  if (!(REPORT_FORMATS as readonly string[]).includes(inferred)) throw new UsageError(`--out '${out}': cannot tell the format from its extension (use .pdf, .html, .csv or --format)`);
  return inferred as ReportFormat;
}

export function parseReportCliArgs(argv: readonly string[], cwd = process.cwd()): ReportCliArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv], strict: true, allowPositionals: false,
      options: { def: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, table: { type: 'string' }, local: { type: 'boolean' } },
    }));
  } catch (e) { throw new UsageError(e instanceof Error ? e.message : String(e)); }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const def = str('def');
  const periodText = str('period');
  const out = str('out');
  if (!def) throw new UsageError('--def FILE (a report definition, e.g. reports/weekly-exec.yaml) is required');
  if (!periodText) throw new UsageError('--period P (2026-W47, 2026-11, 2026-Q4, 2026-11-28 or 2026-11-01..2026-11-15) is required');
  if (!out) throw new UsageError('--out FILE is required');
  let period: ReportPeriod;
  try { period = parsePeriod(periodText); } catch (e) { throw new UsageError(`--period: ${e instanceof Error ? e.message : String(e)}`); }
  const format = formatOf(str('format'), out);
  const table = str('table') ?? null;
  if (format === 'csv' && !table) throw new UsageError(`--table is required for CSV (one of: ${Object.keys(REPORT_TABLES).join(', ')})`);
  if (format !== 'csv' && table) throw new UsageError('--table applies to CSV output only');
  if (table && !(table in REPORT_TABLES)) throw new UsageError(`--table: unknown table '${table}' (known: ${Object.keys(REPORT_TABLES).join(', ')})`);
  return { defFile: path.resolve(cwd, def), period, out: path.resolve(cwd, out), format, table, local: values.local === true };
}
