// Five-field cron schedules (minute hour day-of-month month day-of-week) evaluated in an IANA time zone through Intl,
// so daylight-saving changes are handled by the platform's zone data rather than by hand-kept offsets.

export interface CronSpec {
  text: string;
  minutes: readonly number[];
  hours: readonly number[];
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday (7 is accepted and folded to 0). */
  weekdays: ReadonlySet<number>;
  /** Classic cron: when both day fields are restricted (neither starts with '*'), a day matching either one fires. */
  dayOr: boolean;
}

/** A malformed cron expression; `offset` is the character in the expression where the bad field starts. */
export class CronError extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
] as const;

function parseField(src: string, f: (typeof FIELDS)[number], offset: number): number[] {
  const out = new Set<number>();
  const int = (s: string) => {
    if (!/^\d+$/.test(s)) throw new CronError(`${f.name} field "${src}": "${s}" is not a number`, offset);
    const n = Number(s);
    if (n < f.min || n > f.max) throw new CronError(`${f.name} field "${src}": ${n} is outside ${f.min}-${f.max}`, offset);
    return n;
  };
  for (const item of src.split(',')) {
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined || range === undefined || range === '') throw new CronError(`${f.name} field "${src}": "${item}" is not a value, range or step`, offset);
    const step = stepText === undefined ? 1 : int(stepText);
    if (step < 1) throw new CronError(`${f.name} field "${src}": a step must be at least 1`, offset);
    let lo: number; let hi: number;
    if (range === '*') { lo = f.min; hi = f.max; } else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw new CronError(`${f.name} field "${src}": "${range}" is not a range`, offset);
      lo = int(a ?? ''); hi = int(b ?? '');
      if (hi < lo) throw new CronError(`${f.name} field "${src}": range ${lo}-${hi} runs backwards`, offset);
    } else {
      lo = int(range);
      // "5/15" means from 5 to the end in steps of 15, as in Vixie cron.
      hi = stepText === undefined ? lo : f.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Parses a five-field cron expression; throws CronError naming the field that is wrong. */
export function parseCron(text: string): CronSpec {
  const parts: Array<{ s: string; at: number }> = [];
  for (const m of text.matchAll(/\S+/g)) parts.push({ s: m[0], at: m.index });
  if (parts.length !== 5) {
    throw new CronError(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`, 0);
  }
  const [mi, h, dom, mon, dow] = parts.map((p, i) => parseField(p.s, FIELDS[i]!, p.at)) as [number[], number[], number[], number[], number[]];
  const daysStar = parts[2]!.s.startsWith('*');
  const weekdaysStar = parts[4]!.s.startsWith('*');
  return {
    text, minutes: mi, hours: h, days: new Set(dom), months: new Set(mon), weekdays: new Set(dow.map((d) => d % 7)),
    dayOr: !daysStar && !weekdaysStar,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the platform knows `timeZone` as an IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try { formatter(timeZone); return true; } catch { return false; }
}

/** The wall-clock time at `ms` in `timeZone`, written as if it were UTC (so offsets are plain subtraction). */
function wallMs(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/**
 * The instant a local wall-clock time names, disambiguated like Temporal's 'compatible': a time that occurs twice
 * (clocks going back) is its earlier occurrence; a time skipped by clocks going forward moves forward by the gap.
 */
export function zonedToUtc(wall: number, timeZone: string): number {
  // Zone transitions are months apart, so the offsets a day either side are the two that can apply.
  const before = wallMs(wall - 86_400_000, timeZone) - (wall - 86_400_000);
  const after = wallMs(wall + 86_400_000, timeZone) - (wall + 86_400_000);
  const valid = [wall - before, wall - after].filter((t) => wallMs(t, timeZone) === wall);
  return valid.length ? Math.min(...valid) : wall - before;
}

const DAY_MS = 86_400_000;
/** Long enough for any satisfiable expression to fire (29 February falls within 8 years). */
const SEARCH_DAYS = 8 * 366;

/** The first instant strictly after `afterMs` at which `cron` fires in `timeZone`; null if it never does. */
export function nextRun(cron: string | CronSpec, timeZone: string, afterMs: number): number | null {
  const spec = typeof cron === 'string' ? parseCron(cron) : cron;
  const afterWall = wallMs(afterMs, timeZone);
  const startDay = Math.floor(afterWall / DAY_MS) * DAY_MS;
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const day = startDay + i * DAY_MS;
    const d = new Date(day);
    if (!spec.months.has(d.getUTCMonth() + 1)) continue;
    const domOk = spec.days.has(d.getUTCDate());
    const dowOk = spec.weekdays.has(d.getUTCDay());
    if (!(spec.dayOr ? domOk || dowOk : domOk && dowOk)) continue;
    // The earliest of the day, not the first in wall order: a time moved forward out of a DST gap can land after later ones.
    let best: number | null = null;
    for (const h of spec.hours) {
      for (const m of spec.minutes) {
        const wall = day + h * 3_600_000 + m * 60_000;
        // Cheap skip: a wall time hours before the start cannot be after it whatever the DST shift (at most 2 h).
        if (wall < afterWall - 3 * 3_600_000) continue;
        const at = zonedToUtc(wall, timeZone);
        if (at > afterMs && (best === null || at < best)) best = at;
      }
    }
    if (best !== null) return best;
  }
  return null;
}
