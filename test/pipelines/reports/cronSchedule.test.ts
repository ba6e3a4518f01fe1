// Cron next-run: fields, lists, ranges, steps, the day-of-month / day-of-week OR rule, time zones and DST edges.
// Expected instants are worked out by hand from the zone's offsets (Shanghai +08 all year, Berlin CET/CEST, New York).
import { describe, expect, it } from 'vitest';
import { CronError, nextRun, parseCron } from '../../../pipelines/reports/cronSchedule.js';

const at = (iso: string) => Date.parse(iso);
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
    const err = (cron: string) => { try { parseCron(cron); return null; } catch (e) { return e as CronError; } };
    expect(err('0 7 * *')?.message).toMatch(/expected 5 fields/);
    expect(err('60 7 * * *')?.message).toMatch(/minute field "60": 60 is outside 0-59/);
    const e = err('0 7 * 13 1');
    expect(e?.message).toMatch(/month field/);
    expect(e?.offset).toBe(6);
    expect(err('0 5-1 * * *')?.message).toMatch(/runs backwards/);
    expect(err('*/0 * * * *')?.message).toMatch(/step must be at least 1/);
    expect(err('0 7 * * mon')?.message).toMatch(/"mon" is not a number/);
    expect(err('0 7 * * 1/2/3')?.message).toMatch(/not a value, range or step/);
    expect(err('0 8 * * 1')).toBeNull();
  });
});
