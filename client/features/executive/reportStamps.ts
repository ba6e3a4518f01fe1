// The report header's words: a period with its dates, whether it is still running, and how much of it the data covers.
import type { ExecReport, ReportPeriod } from '../../../schema/executive.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { isoDay } from './periodSelection.js';

const DAY_MS = 86_400_000;

/** '2026-W47 (2026-11-16 – 2026-11-22)'; a single day is just its date. */
export function describePeriod(p: ReportPeriod): string {
  const first = isoDay(p.fromMs);
  const last = isoDay(p.toMs - DAY_MS);
  if (p.kind === 'day') return first;
  if (p.kind === 'custom') return `${first} – ${last}`;
  return `${p.label} (${first} – ${last})`;
}

/** A period the data has not reached the end of: its figures will still change. */
export function isPartial(r: Pick<ExecReport, 'period' | 'dataAsOfMs'>): boolean {
  return r.dataAsOfMs < r.period.toMs;
}

/** '5 days from raw events, 2 from daily history, 0 missing'. */
export function describeCoverage(c: ExecReport['coverage']): string {
  const parts = [`${c.rawDays} ${c.rawDays === 1 ? 'day' : 'days'} from raw events`, `${c.historyDays} from daily history`];
  parts.push(c.missingDays > 0 ? `${c.missingDays} without data` : 'none missing');
  return parts.join(', ');
}

export function describeStamp(ms: number): string {
  return formatUtc(ms);
}

