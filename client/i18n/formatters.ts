// Every number, amount of money, date and duration the UI shows, formatted for one locale and time zone (Intl).
import { formatFen } from '../../domain/money/formatMoney.js';
import type { Locale } from './locale.js';

export interface Formatters {
  locale: Locale;
  timeZone: string;
  /** 12,345 (— for null). */
  count(n: number | null | undefined): string;
  /** Fixed decimals: 12.3. */
  decimal(n: number | null | undefined, digits?: number): string;
  /** A percentage given as 0-100: 99.500 %, with enough digits to tell 99.5 from 99.49. */
  pct(p: number | null | undefined, digits?: number): string;
  /** Exact money from integer fen: ¥1,234.56. */
  money(fen: number | bigint | null | undefined): string;
  /** Approximate money for axes and dense lists: ¥1.2M / ¥120万. */
  moneyShort(fen: number | null | undefined): string;
  /** Compact counts (tokens): 4.5M / 450万. */
  compact(n: number | null | undefined): string;
  /** Date and time to the minute in the operator's zone: 2026-11-30 15:42 / 2026年11月30日 15:42. */
  dateTime(ms: number | null | undefined): string;
  /** Date only, in the operator's zone. */
  date(ms: number | null | undefined): string;
  /** Time of day only (HH:mm), in the operator's zone. */
  time(ms: number | null | undefined): string;
  /** The same instant in UTC, for a hover title: 2026-11-30 07:42 UTC. */
  utc(ms: number | null | undefined): string;
  /** Elapsed seconds: 1h 5m / 1小时5分. */
  duration(sec: number | null | undefined): string;
  /** A day (UTC midnight ms, as rated tables key days) without moving it into another zone. */
  day(dayMs: number | null | undefined): string;
}

const DASH = '—';
const bad = (n: number | null | undefined): n is null | undefined => n === null || n === undefined || !Number.isFinite(n);

/** Year, month, day, hour, minute of an instant in a zone, as numbers. */
function partsIn(ms: number, dtf: Intl.DateTimeFormat): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of dtf.formatToParts(ms)) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  // Some engines print midnight as 24 with hourCycle h23 unset; normalise.
  if (out.hour === '24') out.hour = '00';
  return out;
}

export function createFormatters(locale: Locale, timeZone: string): Formatters {
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const dec = (d: number) => {
    let f = decimals.get(d);
    if (!f) decimals.set(d, f = new Intl.NumberFormat(locale, { minimumFractionDigits: d, maximumFractionDigits: d }));
    return f;
  };
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  // Numeric parts in the operator's zone; the layout around them is ours, so en never gets US month-first dates.
  const dtf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const utcDtf = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const zh = locale === 'zh-CN';
  const dateOf = (p: ReturnType<typeof partsIn>) => (zh ? `${p.year}年${Number(p.month)}月${Number(p.day)}日` : `${p.year}-${p.month}-${p.day}`);
  return {
    locale, timeZone,
    count: (n) => (bad(n) ? DASH : int.format(n)),
    decimal: (n, digits = 1) => (bad(n) ? DASH : dec(digits).format(n)),
    pct: (p, digits = 1) => (bad(p) ? DASH : `${dec(digits).format(p)} %`),
    money: (fen) => formatFen(fen),
    moneyShort: (fen) => (bad(fen) ? DASH : `${fen < 0 ? '-' : ''}¥${compact.format(Math.abs(fen) / 100)}`),
    compact: (n) => (bad(n) ? DASH : compact.format(n)),
    dateTime: (ms) => {
      if (bad(ms)) return DASH;
      const p = partsIn(ms, dtf);
      return `${dateOf(p)} ${p.hour}:${p.minute}`;
    },
    date: (ms) => (bad(ms) ? DASH : dateOf(partsIn(ms, dtf))),
    time: (ms) => {
      if (bad(ms)) return DASH;
      const p = partsIn(ms, dtf);
      return `${p.hour}:${p.minute}`;
    },
    utc: (ms) => {
      if (bad(ms)) return DASH;
      const p = partsIn(ms, utcDtf);
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} UTC`;
    },
    duration: (sec) => {
      if (bad(sec)) return DASH;
      const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = Math.floor(sec % 60);
      if (zh) return h ? `${h}小时${m}分` : m ? `${m}分${s}秒` : `${s}秒`;
      return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
    },
    day: (dayMs) => (bad(dayMs) ? DASH : dateOf(partsIn(dayMs, utcDtf))),
  };
}
