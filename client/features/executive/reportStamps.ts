// The report header's words: a period by name and with its dates (per language), whether it is still running, and how
// much of it the data covers. Periods are whole UTC days, printed without moving them into another zone.
import type { ExecReport, ReportPeriod } from '../../../schema/executive.js';
import { parsePeriod, isoWeekOf } from '../../../domain/period/reportPeriod.js';
import type { Locale } from '../../i18n/locale.js';
import { translator } from '../../i18n/messages.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { isoDay } from './periodSelection.js';

const DAY_MS = 86_400_000;

/** A UTC day as the language writes it: 2026-11-16 / 2026年11月16日. */
export function dayText(ms: number, locale: Locale = 'en'): string {
  if (locale === 'en') return isoDay(ms);
  const d = new Date(ms);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** A period's name: '2026-W47', '2026-11', '2026-Q4' in English; '2026年第47周', '2026年11月', '2026年第4季度' in Chinese. */
export function periodName(p: ReportPeriod, locale: Locale = 'en'): string {
  const first = p.fromMs;
  const last = p.toMs - DAY_MS;
  if (p.kind === 'custom') return `${dayText(first, locale)} – ${dayText(last, locale)}`;
  if (locale === 'en') return p.label;
  const d = new Date(first);
  switch (p.kind) {
    case 'day': return dayText(first, locale);
    case 'week': { const w = isoWeekOf(first); return `${w.year}年第${w.week}周`; }
    case 'month': return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`;
    case 'quarter': return `${d.getUTCFullYear()}年第${Math.floor(d.getUTCMonth() / 3) + 1}季度`;
  }
}

/** The name of a period given by its label (sparkline points carry labels); the label itself if it does not parse. */
export function periodNameOfLabel(label: string, locale: Locale = 'en'): string {
  if (locale === 'en') return label;
  try { return periodName(parsePeriod(label), locale); } catch { return label; }
}

/** '2026-W47 (2026-11-16 – 2026-11-22)' / '2026年第47周（2026年11月16日 – 2026年11月22日）'; a day or a range is its name. */
export function describePeriod(p: ReportPeriod, locale: Locale = 'en'): string {
  if (p.kind === 'day' || p.kind === 'custom') return periodName(p, locale);
  const dates = `${dayText(p.fromMs, locale)} – ${dayText(p.toMs - DAY_MS, locale)}`;
  return locale === 'en' ? `${p.label} (${dates})` : `${periodName(p, locale)}（${dates}）`;
}

/** A period the data has not reached the end of: its figures will still change. */
export function isPartial(r: Pick<ExecReport, 'period' | 'dataAsOfMs'>): boolean {
  return r.dataAsOfMs < r.period.toMs;
}

/** '5 days from raw events, 2 from daily history, 0 missing'. */
export function describeCoverage(c: ExecReport['coverage'], locale: Locale = 'en'): string {
  const t = translator(EXECUTIVE_MESSAGES, locale);
  const parts = [t('coverageRaw', { n: c.rawDays }), t('coverageHistory', { n: c.historyDays })];
  parts.push(c.missingDays > 0 ? t('coverageMissing', { n: c.missingDays }) : t('coverageNoneMissing'));
  return parts.join(locale === 'en' ? ', ' : '，');
}
