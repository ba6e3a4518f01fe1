// How the executive report writes its figures: a KPI value in its unit, a delta with its arrow and tone, a RAG status in
// words; in the reader's language (English by default: the PDF renderer and the tests read English).
import type { KpiTarget, KpiUnit, Rag } from '../../../schema/executive.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import type { Locale } from '../../i18n/locale.js';
import { translator, type Translate } from '../../i18n/messages.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';

type Words = Translate<typeof EXECUTIVE_MESSAGES.en>;
const WORDS: Record<Locale, Words> = { en: translator(EXECUTIVE_MESSAGES, 'en'), 'zh-CN': translator(EXECUTIVE_MESSAGES, 'zh-CN') };
const wordsOf = (locale: Locale): Words => WORDS[locale];

/** What a missing figure reads as in English: never 0, never NaN. */
export const NO_DATA = 'no data';

const count1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const fixed = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct1 = fixed(1);
const pct2 = fixed(2);

export const isFigure = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Tokens as executives read them: 1.23B, 456.7M, 12.3k; in Chinese 618.32亿, 45.7万. */
export function formatTokenAmount(n: number, locale: Locale = 'en'): string {
  const a = Math.abs(n);
  if (locale === 'zh-CN') {
    if (a >= 1e8) return `${(n / 1e8).toFixed(2)}亿`;
    if (a >= 1e4) return `${(n / 1e4).toFixed(1)}万`;
    return String(Math.round(n));
  }
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** Minutes as a duration: 4.5 min, 42 min, 2 h 05 min, 1 d 3 h (4.5 分钟, 2 小时 05 分, 1 天 3 小时). */
export function formatMinutes(min: number, locale: Locale = 'en'): string {
  const w = wordsOf(locale);
  const sign = min < 0 ? '-' : '';
  const a = Math.abs(min);
  if (a < 10) return sign + w('minutes', { n: count1.format(a) });
  if (a < 60) return sign + w('minutes', { n: String(Math.round(a)) });
  const total = Math.round(a);
  if (total < 1440) return sign + w('hoursMinutes', { h: String(Math.floor(total / 60)), m: String(total % 60).padStart(2, '0') });
  return sign + w('daysHours', { d: String(Math.floor(total / 1440)), h: String(Math.floor((total % 1440) / 60)) });
}

/** Percentages 0-100; near an objective (>= 99 %) the second decimal is what matters, so it is shown. */
export function formatPct(v: number): string {
  return `${Math.abs(v) >= 99 && Math.abs(v) <= 100 ? pct2.format(v) : pct1.format(v)}%`;
}

/** A figure and the unit words after it ('¥8.58' + '/ M tokens'), so a card can set the words smaller. */
export function formatKpiValueParts(v: number | null | undefined, unit: KpiUnit, locale: Locale = 'en'): { figure: string; suffix: string } {
  if (!isFigure(v)) return { figure: wordsOf(locale)('noData'), suffix: '' };
  switch (unit) {
    case 'fen': return { figure: formatFen(v), suffix: '' };
    case 'count': return { figure: count1.format(v), suffix: '' };
    case 'pct': return { figure: formatPct(v), suffix: '' };
    case 'minutes': return { figure: formatMinutes(v, locale), suffix: '' };
    case 'tokens': return { figure: formatTokenAmount(v, locale), suffix: '' };
    case 'fen_per_mtok': return { figure: formatFen(v), suffix: wordsOf(locale)('perMTokens') };
  }
}

/** A figure in its KPI unit; null, NaN and infinities read "no data". */
export function formatKpiValue(v: number | null | undefined, unit: KpiUnit, locale: Locale = 'en'): string {
  const { figure, suffix } = formatKpiValueParts(v, unit, locale);
  return suffix ? `${figure} ${suffix}` : figure;
}

/** A table cell: text as is, numbers in the column's unit. */
export function formatCell(v: string | number | null | undefined, unit: KpiUnit | 'text', locale: Locale = 'en'): string {
  if (unit === 'text') return v === null || v === undefined || v === '' ? wordsOf(locale)('noData') : String(v);
  return typeof v === 'number' ? formatKpiValue(v, unit, locale) : wordsOf(locale)('noData');
}

export type Tone = 'good' | 'bad' | 'neutral';

export interface DeltaView {
  /** '+4.2%', '-0.8%', '±0.0%', or 'no comparison'. */
  text: string;
  arrow: '▲' | '▼' | '▶' | '';
  /** Good or bad by the KPI's better direction; neutral when flat or unknown. */
  tone: Tone;
  /** Spoken form for screen readers: 'up 4.2%, better'. */
  spoken: string;
}

/** Changes under 0.05 % print as ±0.0%: flat, neither good nor bad. */
const FLAT_PCT = 0.05;

export function describeDelta(deltaPct: number | null | undefined, better: 'up' | 'down', locale: Locale = 'en'): DeltaView {
  const w = wordsOf(locale);
  if (!isFigure(deltaPct)) return { text: w('noComparison'), arrow: '', tone: 'neutral', spoken: w('noComparison') };
  if (Math.abs(deltaPct) < FLAT_PCT) return { text: '±0.0%', arrow: '▶', tone: 'neutral', spoken: w('unchanged') };
  const up = deltaPct > 0;
  const tone: Tone = up === (better === 'up') ? 'good' : 'bad';
  const text = `${up ? '+' : '-'}${pct1.format(Math.abs(deltaPct))}%`;
  const key = up ? (tone === 'good' ? 'upBetter' : 'upWorse') : (tone === 'good' ? 'downBetter' : 'downWorse');
  return { text, arrow: up ? '▲' : '▼', tone, spoken: w(key, { pct: text.slice(1) }) };
}

export interface RagView { word: string; icon: string; className: `rag-${Rag}` }

const RAG_ICONS: Record<Rag, string> = { green: '✓', amber: '!', red: '✕', none: '–' };

/** RAG as a word and an icon as well as a colour (colour alone fails colour-blind readers and grey print). */
export function ragView(rag: Rag, hasValue: boolean, hasTarget: boolean, locale: Locale = 'en'): RagView {
  const w = wordsOf(locale);
  // A KPI with a target but no figure cannot be judged; say that rather than "no target".
  if (rag === 'none' && hasTarget && !hasValue) return { word: w('notJudged'), icon: '–', className: 'rag-none' };
  return { word: w(`rag.${rag}`), icon: RAG_ICONS[rag], className: `rag-${rag}` };
}

/** 'Target ≥ ¥1,200.00' for a KPI that should go up, '≤ 30 min' for one that should go down. */
export function describeTarget(target: KpiTarget | null, unit: KpiUnit, better: 'up' | 'down', locale: Locale = 'en'): string {
  const w = wordsOf(locale);
  if (!target || !isFigure(target.value)) return w('noTargetSet');
  return w(better === 'up' ? 'targetUp' : 'targetDown', { value: formatKpiValue(target.value, unit, locale) });
}
