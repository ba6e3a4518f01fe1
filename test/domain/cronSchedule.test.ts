// Cron schedules (maintenance windows and report runs): fields, lists, ranges, steps, names, macros, the Vixie
// day-of-month / day-of-week rule, errors with field and position, time zones and DST for both skipped-time policies.
// Expected instants are worked out by hand from the zones' offsets (Asia/Shanghai +08:00 all year; Europe/Berlin CET
// +01:00, CEST +02:00 from 2026-03-29 to 2026-10-25; America/New_York EST -05:00, EDT -04:00 from 2026-03-08).
import { describe, expect, it } from 'vitest';
import {
  activeOccurrence, canonicalTimeZone, everFires, formatCronProblem, nextRun, occurrencesBetween, parseCron, type CronSchedule,
} from '../../domain/schedule/cronSchedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
function cron(expr: string): CronSchedule {
  const r = parseCron(expr);
  if (!r.ok) throw new Error(formatCronProblem(r.error));
  return r.schedule;
}
const between = (expr: string, tz: string, from: string, to: string, limit?: number) =>
  occurrencesBetween(cron(expr), tz, at(from), at(to), limit).map(iso);

describe('parseCron', () => {
  it('expands values, ranges, lists and steps', () => {
    const s = cron('5,20 1-5/2 */10 * *');
    expect(s.minutes).toEqual([5, 20]);
    expect(s.hours).toEqual([1, 3, 5]);
    expect([...s.days]).toEqual([1, 11, 21, 31]);
    expect(s.months.size).toBe(12);
    expect(cron('10/20 * * * *').minutes).toEqual([10, 30, 50]);
    expect(cron('0 0 * * 7').weekdays).toEqual(new Set([0]));
  });

  it('takes month and weekday names in any case, alone and in ranges', () => {
    const s = cron('0 9 * jan,JUL Mon-fri');
    expect([...s.months]).toEqual([1, 7]);
    expect([...s.weekdays].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...cron('0 0 * * SAT,sun').weekdays].sort()).toEqual([0, 6]);
  });

  it('expands the macros', () => {
    expect(cron('@daily')).toMatchObject({ minutes: [0], hours: [0] });
    expect(cron('@weekly').weekdays).toEqual(new Set([0]));
    expect(cron('@hourly').hours).toHaveLength(24);
  });

  it('names the field and the position of what is wrong', () => {
    const err = (expr: string) => { const r = parseCron(expr); return r.ok ? null : r.error; };
    expect(err('60 * * * *')).toEqual({ field: 'minute', position: 0, message: '60 is outside 0-59', code: 'range', params: { value: 60, min: 0, max: 59 } });
    expect(err('0 24 * * *')).toMatchObject({ field: 'hour', position: 2 });
    expect(err('0 0 * * FRY')).toMatchObject({ field: 'day-of-week', position: 8, message: '"FRY" is not a number or a name (SUN-SAT)' });
    expect(err('0 0 1,,2 * *')).toMatchObject({ field: 'day-of-month', position: 6, message: 'empty list item' });
    expect(err('*/0 * * * *')).toMatchObject({ field: 'minute', position: 2 });
    expect(err('0 0 * * 5-1')).toMatchObject({ field: 'day-of-week', position: 8, message: 'range 5-1 runs backwards', code: 'backwards', params: { value: '5-1' } });
    expect(err('0 0 * * FRY')).toMatchObject({ code: 'name', params: { value: 'FRY', first: 'SUN', last: 'SAT' } });
    expect(err('*/0 * * * *')).toMatchObject({ code: 'step', params: { value: '*/0' } });
    expect(err('0 0 * 13 *')).toMatchObject({ field: 'month', position: 6 });
    expect(err('0 0 * JAN-FOO *')).toMatchObject({ field: 'month', position: 10 });
    expect(err('* * * *')).toMatchObject({ field: null, message: expect.stringMatching(/expected 5 fields .* got 4/), code: 'fields', params: { n: 4 } });
    expect(err('0 0 * * * *')).toMatchObject({ field: null, position: 10 });
    expect(err('@fortnightly')).toMatchObject({ field: null, message: expect.stringMatching(/unknown macro/) });
    expect(formatCronProblem(err('0 24 * * *')!)).toBe('hour at column 3: 24 is outside 0-23');
  });

  it('knows when the day fields can never match', () => {
    expect(everFires(cron('0 0 30 2 *'))).toBe(false);
    expect(everFires(cron('0 0 29 2 *'))).toBe(true);
    // Either day field may match when both are restricted: 30 February or any Monday.
    expect(everFires(cron('0 0 30 2 MON'))).toBe(true);
  });
});

describe('occurrencesBetween', () => {
  it('reads wall-clock times in the zone (Asia/Shanghai, +08:00)', () => {
    // 2026-11-29 is a Sunday: 02:00 Shanghai = Saturday 18:00Z.
    expect(between('0 2 * * SUN', 'Asia/Shanghai', '2026-11-23T00:00:00Z', '2026-12-07T00:00:00Z'))
      .toEqual(['2026-11-28T18:00Z', '2026-12-05T18:00Z']);
    expect(between('0 2 * * SUN', 'UTC', '2026-11-23T00:00:00Z', '2026-12-07T00:00:00Z'))
      .toEqual(['2026-11-29T02:00Z', '2026-12-06T02:00Z']);
  });

  it('is half open [from, to) and honours the limit', () => {
    expect(between('0 * * * *', 'UTC', '2026-11-29T01:00:00Z', '2026-11-29T04:00:00Z')).toEqual(['2026-11-29T01:00Z', '2026-11-29T02:00Z', '2026-11-29T03:00Z']);
    expect(between('* * * * *', 'UTC', '2026-11-29T00:00:00Z', '2026-12-29T00:00:00Z', 3)).toHaveLength(3);
    expect(between('0 * * * *', 'UTC', '2026-11-29T04:00:00Z', '2026-11-29T01:00:00Z')).toEqual([]);
  });

  it('both day fields restricted: a day matching either fires (Vixie cron)', () => {
    // Fridays of Nov-Dec 2026 (6, 13, 20, 27 Nov; 4, 11, 18, 25 Dec) and the 13th (13 Nov is a Friday, 13 Dec a Sunday).
    expect(between('0 0 13 * FRI', 'UTC', '2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z').map((x) => x.slice(5, 10)))
      .toEqual(['11-06', '11-13', '11-20', '11-27', '12-04', '12-11', '12-13', '12-18', '12-25']);
  });

  it('one day field starting with * (even */10): both must match', () => {
    // Days 1, 11, 21, 31 that are Mondays: only 21 December 2026.
    expect(between('0 0 */10 * MON', 'UTC', '2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-12-21T00:00Z']);
  });

  it('spring forward in Europe/Berlin (2026-03-29 02:00 CET -> 03:00 CEST): a time that does not exist is skipped', () => {
    // 02:30 is 01:30Z in CET, 00:30Z in CEST; on the 29th it does not exist.
    expect(between('30 2 * * *', 'Europe/Berlin', '2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'))
      .toEqual(['2026-03-27T01:30Z', '2026-03-28T01:30Z', '2026-03-30T00:30Z']);
    // Every half hour keeps running in real time across the gap: 01:00, 01:30 CET, then 03:00, 03:30 CEST.
    expect(between('0,30 * * * *', 'Europe/Berlin', '2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z'))
      .toEqual(['2026-03-29T00:00Z', '2026-03-29T00:30Z', '2026-03-29T01:00Z', '2026-03-29T01:30Z']);
  });

  it('fall back in Europe/Berlin (2026-10-25 03:00 CEST -> 02:00 CET): a repeated time fires once, the first time', () => {
    expect(between('30 2 * * *', 'Europe/Berlin', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z'))
      .toEqual(['2026-10-24T00:30Z', '2026-10-25T00:30Z', '2026-10-26T01:30Z']);
    // 01:00 and 01:30 CEST, 02:00 and 02:30 at their first (CEST) pass, then 03:00 and 03:30 CET: six, none twice.
    expect(between('*/30 1-3 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z'))
      .toEqual(['2026-10-24T23:00Z', '2026-10-24T23:30Z', '2026-10-25T00:00Z', '2026-10-25T00:30Z', '2026-10-25T02:00Z', '2026-10-25T02:30Z']);
  });
});

describe('activeOccurrence', () => {
  // Saturday 22:00 Shanghai for 4 hours = Saturday 14:00Z to 18:00Z, across local midnight.
  const w = { schedule: cron('0 22 * * SAT'), timeZone: 'Asia/Shanghai', durationMs: 240 * 60_000 };
  const active = (now: string) => { const o = activeOccurrence(w, at(now)); return o && [iso(o.startsMs), iso(o.endsMs)]; };

  it('is in force from its start (inclusive) to start + duration (exclusive)', () => {
    expect(active('2026-11-28T13:59:59Z')).toBeNull();
    expect(active('2026-11-28T14:00:00Z')).toEqual(['2026-11-28T14:00Z', '2026-11-28T18:00Z']);
    // 00:30 Sunday local: the occurrence started the local day before.
    expect(active('2026-11-28T16:30:00Z')).toEqual(['2026-11-28T14:00Z', '2026-11-28T18:00Z']);
    expect(active('2026-11-28T17:59:59Z')).toEqual(['2026-11-28T14:00Z', '2026-11-28T18:00Z']);
    expect(active('2026-11-28T18:00:00Z')).toBeNull();
  });

  it('overlapping occurrences: the latest started one (it ends last)', () => {
    const o = activeOccurrence({ schedule: cron('*/10 * * * *'), timeZone: 'UTC', durationMs: 30 * 60_000 }, at('2026-11-29T00:25:00Z'));
    expect(o && [iso(o.startsMs), iso(o.endsMs)]).toEqual(['2026-11-29T00:20Z', '2026-11-29T00:50Z']);
  });

  it('finds a week-long occurrence from its last day', () => {
    const o = activeOccurrence({ schedule: cron('0 0 1 * *'), timeZone: 'Asia/Shanghai', durationMs: 7 * 86_400_000 }, at('2026-12-07T15:00:00Z'));
    // 1 December 00:00 Shanghai = 30 November 16:00Z; it ends seven days later.
    expect(o && iso(o.startsMs)).toBe('2026-11-30T16:00Z');
    expect(activeOccurrence({ schedule: cron('0 0 1 * *'), timeZone: 'Asia/Shanghai', durationMs: 7 * 86_400_000 }, at('2026-12-07T16:00:00Z'))).toBeNull();
  });
});

describe('canonicalTimeZone', () => {
  it('accepts IANA zones in any case and refuses unknown ones', () => {
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });
});

const next = (cron: string, tz: string, after: string) => {
  const r = nextRun(cron, tz, at(after));
  return r === null ? null : new Date(r).toISOString();
};

describe('cron next run', () => {
  it('weekly and monthly schedules in Asia/Shanghai (+08:00, no DST)', () => {
    // Sunday 2026-11-29 12:00Z -> Monday 08:00 Shanghai = Monday 00:00Z.
    expect(next('0 8 * * 1', 'Asia/Shanghai', '2026-11-29T12:00:00Z')).toBe('2026-11-30T00:00:00.000Z');
    // 07:00 Shanghai on a Monday is still Sunday in UTC.
    expect(next('0 7 * * 1', 'Asia/Shanghai', '2026-11-29T12:00:00Z')).toBe('2026-11-29T23:00:00.000Z');
    expect(next('0 8 1 * *', 'Asia/Shanghai', '2026-11-15T00:00:00Z')).toBe('2026-12-01T00:00:00.000Z');
    // Strictly after: a run at exactly the fire time asks for the next one.
    expect(next('0 8 1 * *', 'Asia/Shanghai', '2026-12-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('lists, ranges and steps', () => {
    expect(next('*/15 9-10 * * *', 'UTC', '2026-11-29T09:50:00Z')).toBe('2026-11-29T10:00:00.000Z');
    expect(next('*/15 9-10 * * *', 'UTC', '2026-11-29T10:45:00Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('5,20 1-5/2 * * *', 'UTC', '2026-11-29T01:20:00Z')).toBe('2026-11-29T03:05:00.000Z');
    expect(next('10/20 * * * *', 'UTC', '2026-11-29T00:31:00Z')).toBe('2026-11-29T00:50:00.000Z');
    // Day-of-week 7 is Sunday too; 2026-12-06 is a Sunday.
    expect(next('0 0 * * 7', 'UTC', '2026-12-01T00:00:00Z')).toBe('2026-12-06T00:00:00.000Z');
    expect(next('0 0 * 2 *', 'UTC', '2026-11-29T00:00:00Z')).toBe('2027-02-01T00:00:00.000Z');
  });

  it('both day fields restricted: a day matching either fires (classic cron)', () => {
    // Sunday 29 Nov: the next Monday (30 Nov) matches the weekday, then 1 Dec matches the day of month.
    expect(next('0 0 1,15 * 1', 'UTC', '2026-11-29T00:00:00Z')).toBe('2026-11-30T00:00:00.000Z');
    expect(next('0 0 1,15 * 1', 'UTC', '2026-11-30T00:00:00Z')).toBe('2026-12-01T00:00:00.000Z');
    // One of them '*': the other alone decides (and a step under '*' still counts).
    expect(next('0 0 */10 * *', 'UTC', '2026-11-22T00:00:00Z')).toBe('2026-12-01T00:00:00.000Z');
  });

  it('spring forward (Europe/Berlin 2026-03-29 02:00 CET -> 03:00 CEST): a skipped time runs after the gap', () => {
    // 02:30 does not exist that night: it moves forward by the hour to 03:30 CEST = 01:30Z.
    expect(next('30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z')).toBe('2026-03-29T01:30:00.000Z');
    // A later time of the same night that exists is not overtaken by the moved one.
    expect(next('30 2 * * *', 'Europe/Berlin', '2026-03-29T01:30:00Z')).toBe('2026-03-30T00:30:00.000Z');
    expect(next('0 9 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z')).toBe('2026-03-29T07:00:00.000Z');
    expect(next('15 2,3 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z')).toBe('2026-03-29T01:15:00.000Z');
  });

  it('fall back (Europe/Berlin 2026-10-25 03:00 CEST -> 02:00 CET): a repeated time runs once, at its first occurrence', () => {
    expect(next('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z')).toBe('2026-10-25T00:30:00.000Z');
    // Inside the repeated hour (01:10Z = 02:10 CET the second time), 02:30 already ran: next is the day after.
    expect(next('30 2 * * *', 'Europe/Berlin', '2026-10-25T00:30:00Z')).toBe('2026-10-26T01:30:00.000Z');
    expect(next('30 2 * * *', 'Europe/Berlin', '2026-10-25T01:10:00Z')).toBe('2026-10-26T01:30:00.000Z');
  });

  it('America/New_York across its 2026-03-08 change and a half-hour zone', () => {
    expect(next('0 9 * * *', 'America/New_York', '2026-03-07T15:00:00Z')).toBe('2026-03-08T13:00:00.000Z');
    expect(next('0 9 * * *', 'America/New_York', '2026-03-06T15:00:00Z')).toBe('2026-03-07T14:00:00.000Z');
    expect(next('0 9 * * *', 'Asia/Kolkata', '2026-11-29T00:00:00Z')).toBe('2026-11-29T03:30:00.000Z');
  });

  it('an expression that never fires gives null; 29 February is found years ahead', () => {
    expect(next('0 0 30 2 *', 'UTC', '2026-01-01T00:00:00Z')).toBeNull();
    expect(next('0 0 29 2 *', 'UTC', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('malformed expressions name the field and where it starts', () => {
    const err = (cron: string) => { const r = parseCron(cron); return r.ok ? null : r.error; };
    expect(err('0 7 * *')?.message).toMatch(/expected 5 fields/);
    // The report loader writes this as 'minute field "60": 60 is outside 0-59' (test/pipelines/reports/reportDefinition.test.ts).
    expect(err('60 7 * * *')).toMatchObject({ field: 'minute', message: '60 is outside 0-59' });
    const e = err('0 7 * 13 1');
    expect(e?.field).toBe('month');
    expect(e?.position).toBe(6);
    expect(err('0 5-1 * * *')?.message).toMatch(/runs backwards/);
    expect(err('*/0 * * * *')?.message).toMatch(/step must be at least 1/);
    // One parser for reports and windows: weekday names are valid in both now; a word that is no name is still refused.
    expect(err('0 7 * * mon')).toBeNull();
    expect(err('0 7 * * moon')?.message).toMatch(/"moon" is not a number/);
    expect(err('0 7 * * 1/2/3')?.message).toMatch(/not a value, range or step/);
    expect(err('0 8 * * 1')).toBeNull();
  });

  it('a time skipped by spring forward: shifted after the gap by default, dropped that day with skipped: skip', () => {
    const after = at('2026-03-28T12:00:00Z');
    expect(nextRun('30 2 * * *', 'Europe/Berlin', after, { skipped: 'shift' })).toBe(at('2026-03-29T01:30:00Z'));
    // As a maintenance window sees it (occurrencesBetween): nothing on the 29th, 02:30 CEST on the 30th.
    expect(nextRun('30 2 * * *', 'Europe/Berlin', after, { skipped: 'skip' })).toBe(at('2026-03-30T00:30:00Z'));
    expect(nextRun('15 2,3 * * *', 'Europe/Berlin', after, { skipped: 'skip' })).toBe(at('2026-03-29T01:15:00Z'));
    // 02:30 shifted lands on 03:30 CEST, which exists too: one run there, not two, then the next day.
    expect(next('30 2,3 * * *', 'Europe/Berlin', '2026-03-29T01:00:00Z')).toBe('2026-03-29T01:30:00.000Z');
    expect(next('30 2,3 * * *', 'Europe/Berlin', '2026-03-29T01:30:00Z')).toBe('2026-03-30T00:30:00.000Z');
  });

  it('takes a parsed schedule, names and macros, and refuses an invalid string', () => {
    // 2026-11-29 is a Sunday; @weekly is Sunday 00:00 = Saturday 16:00Z in Shanghai.
    expect(nextRun(cron('@weekly'), 'Asia/Shanghai', at('2026-11-23T00:00:00Z'))).toBe(at('2026-11-28T16:00:00Z'));
    expect(next('0 8 * * MON', 'Asia/Shanghai', '2026-11-29T12:00:00Z')).toBe('2026-11-30T00:00:00.000Z');
    expect(() => nextRun('0 24 * * *', 'UTC', 0)).toThrow(/hour at column 3: 24 is outside 0-23/);
  });
});
