// Alertmanager webhook payload -> alarm events: validation of the envelope and of each alert, site / severity / cause /
// id / time mapping, and a counted problem (never a throw) for every alert that cannot become an alarm.
import { describe, expect, it } from 'vitest';
import { alertmanagerPayloadSchema, type AlertmanagerPayload } from '../../../schema/alertmanager.js';
import {
  alarmEventsFromPayload, alarmIdOf, severityOf, siteDirectory,
} from '../../../server/alertmanager/alertmanagerPayload.js';

const SITES = siteDirectory([
  { site_id: 3, name: 'Pudong Edge 3' }, { site_id: 7, name: 'Hangzhou Core' }, { site_id: 8, name: 'Twin' }, { site_id: 9, name: 'twin ' },
]);

/** An alert as Alertmanager 0.25 posts it (nanosecond start time, zero end time while firing). */
const firing = (labels: Record<string, string>, over: Record<string, unknown> = {}) => ({
  status: 'firing', labels: { alertname: 'HighLatency', ...labels }, annotations: { summary: 'p95 latency above SLA' },
  startsAt: '2026-03-01T10:00:00.123456789Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prom:9090/graph', fingerprint: 'a1b2c3d4e5f60718',
  ...over,
});

function payload(alerts: unknown[], over: Record<string, unknown> = {}): AlertmanagerPayload {
  return alertmanagerPayloadSchema.parse({
    version: '4', groupKey: '{}:{alertname="HighLatency"}', truncatedAlerts: 0, status: 'firing', receiver: 'opsdeck',
    groupLabels: { alertname: 'HighLatency' }, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am:9093', alerts, ...over,
  });
}

const START_MS = Date.UTC(2026, 2, 1, 10, 0, 0, 123);

describe('Alertmanager payload mapping', () => {
  it('a firing alert with label site_id raises an alarm of that site at startsAt', () => {
    const m = alarmEventsFromPayload(payload([firing({ site_id: '3', severity: 'critical' })]), SITES);
    expect(m.problems).toEqual([]);
    expect(m.events).toEqual([{ index: 0, event: {
      ts: START_MS, alarm_id: alarmIdOf({ fingerprint: 'a1b2c3d4e5f60718', labels: {} }, START_MS), site_id: 3,
      severity: 'critical', probable_cause: 'p95 latency above SLA', state: 'raised',
    } }]);
  });

  it('the resolved post of the same alert clears the same alarm id at endsAt', () => {
    const raise = alarmEventsFromPayload(payload([firing({ site_id: '3' })]), SITES).events[0]!.event;
    const clear = alarmEventsFromPayload(payload([firing({ site_id: '3' }, { status: 'resolved', endsAt: '2026-03-01T18:05:00+08:00' })], { status: 'resolved' }), SITES).events[0]!.event;
    expect(clear).toMatchObject({ alarm_id: raise.alarm_id, state: 'cleared', ts: Date.UTC(2026, 2, 1, 10, 5, 0) });
    expect(raise.state).toBe('raised');
  });

  it('site by name (label site, else site_name), ignoring case and surrounding spaces', () => {
    const m = alarmEventsFromPayload(payload([firing({ site: ' pudong edge 3' }), firing({ site_name: 'HANGZHOU CORE' })]), SITES);
    expect(m.events.map((e) => e.event.site_id)).toEqual([3, 7]);
  });

  it('alerts that cannot be mapped are problems with a code, index and name; the others still map', () => {
    const m = alarmEventsFromPayload(payload([
      firing({}), firing({ site_id: '99' }), firing({ site_id: '3x' }), firing({ site: 'Nowhere' }), firing({ site: 'Twin' }),
      { status: 'firing', labels: { alertname: 'Broken' } },
      firing({ site_id: '7' }, { status: 'resolved', endsAt: '0001-01-01T00:00:00Z' }),
      firing({ site_id: '7' }, { status: 'resolved', endsAt: '2026-03-01T09:59:59Z' }),
      firing({ site_id: '7' }),
    ]), SITES);
    expect(m.problems.map((p) => [p.problem.index, p.problem.code])).toEqual([
      [0, 'no_site'], [1, 'unknown_site'], [2, 'bad_site_id'], [3, 'unknown_site'], [4, 'ambiguous_site'], [5, 'invalid_alert'], [6, 'bad_time'], [7, 'bad_time'],
    ]);
    expect(m.problems[5]!.problem).toMatchObject({ alertname: 'Broken', fingerprint: null, message: expect.stringMatching(/startsAt/) });
    expect(m.problems[1]!.problem).toMatchObject({ alertname: 'HighLatency', fingerprint: 'a1b2c3d4e5f60718', message: 'no site with site_id 99' });
    expect(m.problems[0]!.raw).toMatchObject({ labels: { alertname: 'HighLatency' } });
    expect(m.events.map((e) => e.index)).toEqual([8]);
  });

  it('probable cause: annotations.summary, else the alert name, clipped to the column', () => {
    const [a, b, c] = alarmEventsFromPayload(payload([
      firing({ site_id: '3' }, { annotations: {} }),
      firing({ site_id: '3' }, { annotations: { summary: 'x'.repeat(300) } }),
      firing({ site_id: '3', alertname: '' }, { annotations: { summary: '  ' } }),
    ]), SITES).events.map((e) => e.event.probable_cause);
    expect(a).toBe('HighLatency');
    expect(b).toHaveLength(256);
    expect(b!.endsWith('…')).toBe(true);
    expect(c).toBe('unnamed Alertmanager alert');
  });

  it('severity: the same word where both vocabularies have it, Prometheus words mapped, unknown -> warning', () => {
    expect(['critical', 'Page', 'major', 'error', 'minor', 'warning', 'info', 'none', undefined, 'bogus'].map((s) => severityOf(s)))
      .toEqual(['critical', 'critical', 'major', 'major', 'minor', 'warning', 'warning', 'warning', 'warning', 'warning']);
  });
});

describe('alarm ids', () => {
  it('are stable, int64-safe, in [2^51, 2^52) and differ per occurrence (start time) and per alert', () => {
    const a = alarmIdOf({ fingerprint: 'a1b2c3d4e5f60718', labels: {} }, START_MS);
    expect(alarmIdOf({ fingerprint: 'a1b2c3d4e5f60718', labels: { other: 'labels' } }, START_MS)).toBe(a);
    expect(Number.isSafeInteger(a)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(2 ** 51);
    expect(a).toBeLessThan(2 ** 52);
    expect(alarmIdOf({ fingerprint: 'a1b2c3d4e5f60718', labels: {} }, START_MS + 60_000)).not.toBe(a);
    expect(alarmIdOf({ fingerprint: 'ffffffffffffffff', labels: {} }, START_MS)).not.toBe(a);
  });

  it('without a fingerprint come from the label set, whatever its order', () => {
    const x = alarmIdOf({ labels: { alertname: 'A', site_id: '3' } }, START_MS);
    expect(alarmIdOf({ fingerprint: '', labels: { site_id: '3', alertname: 'A' } }, START_MS)).toBe(x);
    expect(alarmIdOf({ labels: { alertname: 'A', site_id: '4' } }, START_MS)).not.toBe(x);
  });
});

describe('Alertmanager envelope', () => {
  const base = { version: '4', groupKey: 'g', status: 'firing', receiver: 'r', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', alerts: [] };

  it('accepts version 4 with fields it does not know', () => {
    expect(alertmanagerPayloadSchema.safeParse({ ...base, somethingNew: true }).success).toBe(true);
  });

  it('refuses other versions and bodies that are not a notification, saying which field', () => {
    const v3 = alertmanagerPayloadSchema.safeParse({ ...base, version: '3' });
    expect(v3.success).toBe(false);
    expect(v3.error?.issues[0]).toMatchObject({ path: ['version'], message: expect.stringMatching(/version "4"/) });
    expect(alertmanagerPayloadSchema.safeParse({ ...base, alerts: undefined }).error?.issues[0]?.path).toEqual(['alerts']);
    expect(alertmanagerPayloadSchema.safeParse([base]).success).toBe(false);
    expect(alertmanagerPayloadSchema.safeParse({ ...base, alerts: new Array(10_001).fill({}) }).success).toBe(false);
  });
});
