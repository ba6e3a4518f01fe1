// How the executive report writes its figures: a KPI value in its unit, a delta with its arrow and tone, a RAG status in words.
import type { KpiTarget, KpiUnit, Rag } from '../../../schema/executive.js';
import { formatFen } from '../../../domain/money/formatMoney.js';

/** What a missing figure reads as: never 0, never NaN. */
export const NO_DATA = 'no data';

const count1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const fixed = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct1 = fixed(1);
const pct2 = fixed(2);

const isFigure = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Tokens as executives read them: 1.23B, 456.7M, 12.3k. */
export function formatTokenAmount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** Minutes as a duration: 4.5 min, 42 min, 2 h 05 min, 1 d 3 h. */
export function formatMinutes(min: number): string {
  const sign = min < 0 ? '-' : '';
  const a = Math.abs(min);
  if (a < 10) return `${sign}${count1.format(a)} min`;
  if (a < 60) return `${sign}${Math.round(a)} min`;
  const total = Math.round(a);
  if (total < 1440) return `${sign}${Math.floor(total / 60)} h ${String(total % 60).padStart(2, '0')} min`;
  return `${sign}${Math.floor(total / 1440)} d ${Math.floor((total % 1440) / 60)} h`;
}

/** Percentages 0-100; near an objective (>= 99 %) the second decimal is what matters, so it is shown. */
export function formatPct(v: number): string {
  return `${Math.abs(v) >= 99 && Math.abs(v) <= 100 ? pct2.format(v) : pct1.format(v)}%`;
}

/** A figure and the unit words after it ('¥8.58' + '/ M tokens'), so a card can set the words smaller. */
export function formatKpiValueParts(v: number | null | undefined, unit: KpiUnit): { figure: string; suffix: string } {
  if (!isFigure(v)) return { figure: NO_DATA, suffix: '' };
  switch (unit) {
    case 'fen': return { figure: formatFen(v), suffix: '' };
    case 'count': return { figure: count1.format(v), suffix: '' };
    case 'pct': return { figure: formatPct(v), suffix: '' };
    case 'minutes': return { figure: formatMinutes(v), suffix: '' };
    case 'tokens': return { figure: formatTokenAmount(v), suffix: '' };
    case 'fen_per_mtok': return { figure: formatFen(v), suffix: '/ M tokens' };
  }
}

/** A figure in its KPI unit; null, NaN and infinities read "no data". */
export function formatKpiValue(v: number | null | undefined, unit: KpiUnit): string {
  const { figure, suffix } = formatKpiValueParts(v, unit);
  return suffix ? `${figure} ${suffix}` : figure;
}

/** A table cell: text as is, numbers in the column's unit. */
export function formatCell(v: string | number | null | undefined, unit: KpiUnit | 'text'): string {
  if (unit === 'text') return v === null || v === undefined || v === '' ? NO_DATA : String(v);
  return typeof v === 'number' ? formatKpiValue(v, unit) : NO_DATA;
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

export function describeDelta(deltaPct: number | null | undefined, better: 'up' | 'down'): DeltaView {
  if (!isFigure(deltaPct)) return { text: 'no comparison', arrow: '', tone: 'neutral', spoken: 'no comparison' };
  if (Math.abs(deltaPct) < FLAT_PCT) return { text: '±0.0%', arrow: '▶', tone: 'neutral', spoken: 'unchanged' };
  const up = deltaPct > 0;
  const tone: Tone = up === (better === 'up') ? 'good' : 'bad';
  const text = `${up ? '+' : '-'}${pct1.format(Math.abs(deltaPct))}%`;
  return { text, arrow: up ? '▲' : '▼', tone, spoken: `${up ? 'up' : 'down'} ${text.slice(1)}, ${tone === 'good' ? 'better' : 'worse'}` };
}

export interface RagView { word: string; icon: string; className: `rag-${Rag}` }

const RAG_VIEWS: Record<Rag, RagView> = {
  green: { word: 'On target', icon: '✓', className: 'rag-green' },
  amber: { word: 'Near target', icon: '!', className: 'rag-amber' },
  red: { word: 'Missed target', icon: '✕', className: 'rag-red' },
  none: { word: 'No target', icon: '–', className: 'rag-none' },
};

/** RAG as a word and an icon as well as a colour (colour alone fails colour-blind readers and grey print). */
export function ragView(rag: Rag, hasValue: boolean, hasTarget: boolean): RagView {
  // A KPI with a target but no figure cannot be judged; say that rather than "no target".
  if (rag === 'none' && hasTarget && !hasValue) return { word: 'Not judged', icon: '–', className: 'rag-none' };
  return RAG_VIEWS[rag];
}

/** 'Target ≥ ¥1,200.00' for a KPI that should go up, '≤ 30 min' for one that should go down. */
export function describeTarget(target: KpiTarget | null, unit: KpiUnit, better: 'up' | 'down'): string {
  if (!target || !isFigure(target.value)) return 'No target set';
  return `Target ${better === 'up' ? '≥' : '≤'} ${formatKpiValue(target.value, unit)}`;
}
