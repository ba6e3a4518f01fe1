import { describe, expect, it } from 'vitest';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { DeadLetterStore } from '../../pipelines/ingest/deadLetterStore.js';
import { IngestPipeline } from '../../pipelines/ingest/ingestPipeline.js';
import type { Usage } from '../../schema/tables.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

function setup() {
  const hot = new HotWindow(24, NOW);
  const deadLetters = new DeadLetterStore(null);
  const ingest = new IngestPipeline({
    hot, deadLetters, now: () => NOW, siteIds: new Set([1, 2, 3]), accountIds: new Set([10, 11]),
  });
  return { hot, deadLetters, ingest };
}

function usage(over: Partial<Record<keyof Usage, unknown>> = {}): Record<string, unknown> {
  return {
    event_id: 1, ts: NOW - 60_000, account_id: 10, site_id: 1, model: 'qwen-max', route: 'edge',
    tokens_in: 1200, tokens_out: 300, cached_tokens: 100, ttft_ms: 180.5, compute_cost_fen_per_mtok: 90, ...over,
  };
}

describe('ingest pipeline: validation and dead letters', () => {
  it('accepts a good event and assigns it a live seq', () => {
    const { ingest, hot } = setup();
    const r = ingest.ingest('usage', [usage()], 'test');
    expect(r).toMatchObject({ accepted: 1, rejected: 0, duplicates: 0 });
    expect(r.chunk?.seq).toBe(1);
    expect(hot.count('usage', {})).toBe(1);
  });

  const bad: [string, Record<string, unknown> | unknown, string][] = [
    ['wrong type', usage({ tokens_in: '1200' }), 'usage.wrong_type'],
    ['missing field', (() => { const u = usage(); delete u.ts; return u; })(), 'usage.missing_field'],
    ['NaN', usage({ ttft_ms: Number.NaN }), 'usage.not_finite'],
    ['Infinity', usage({ ttft_ms: Number.POSITIVE_INFINITY }), 'usage.not_finite'],
    ['negative tokens', usage({ tokens_out: -5 }), 'usage.out_of_range'],
    ['fractional tokens', usage({ tokens_in: 1.5 }), 'usage.not_integer'],
    ['unknown route', usage({ route: 'satellite' }), 'usage.unknown_value'],
    ['unknown site', usage({ site_id: 999 }), 'usage.unknown_site'],
    ['unknown account', usage({ account_id: 999 }), 'usage.unknown_account'],
    ['not an object', 'garbage', 'usage.not_object'],
    ['null', null, 'usage.not_object'],
    ['too old for the hot window', usage({ ts: NOW - 25 * 3_600_000 }), 'usage.late_event'],
    ['far future', usage({ ts: NOW + 3_600_000 }), 'usage.future_timestamp'],
  ];
  for (const [name, raw, code] of bad) {
    it(`dead-letters ${name} with reason ${code}`, () => {
      const { ingest, deadLetters, hot } = setup();
      const r = ingest.ingest('usage', [raw], 'test');
      expect(r).toMatchObject({ accepted: 0, rejected: 1 });
      expect(deadLetters.counts()).toEqual({ [code]: 1 });
      expect(deadLetters.recent(1)[0]?.reason).toMatch(/\w/);
      expect(hot.count('usage', {})).toBe(0);
    });
  }

  it('is idempotent on event_id across and within batches, counting each duplicate', () => {
    const { ingest, deadLetters, hot } = setup();
    ingest.ingest('usage', [usage({ event_id: 7 }), usage({ event_id: 8 })], 'test');
    const r = ingest.ingest('usage', [usage({ event_id: 7 }), usage({ event_id: 9 }), usage({ event_id: 9 })], 'test');
    expect(r).toMatchObject({ accepted: 1, duplicates: 2, rejected: 2 });
    expect(hot.count('usage', {})).toBe(3);
    expect(ingest.acceptedTotal).toBe(3);
    expect(deadLetters.counts()).toEqual({ 'usage.duplicate': 2 });
  });

  it('keeps good rows of a mixed batch and counts every bad one', () => {
    const { ingest, deadLetters } = setup();
    const raws = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? usage({ event_id: i, tokens_in: -1 }) : usage({ event_id: i })));
    const r = ingest.ingest('usage', raws, 'test');
    expect(r.accepted + r.rejected).toBe(100);
    expect(r.rejected).toBe(10);
    expect(deadLetters.total).toBe(10);
  });

  it('dedups kpi samples on (site_id, ts) and alarms on (alarm_id, state)', () => {
    const { ingest } = setup();
    const kpi = { ts: NOW - 120_000, site_id: 2, latency_ms: 12, jitter_ms: 1, loss_pct: 0.1, dl_mbps: 300, ul_mbps: 40, prb_util: 0.4, active_users: 120 };
    expect(ingest.ingest('kpi', [kpi, { ...kpi, site_id: 3 }, kpi], 't')).toMatchObject({ accepted: 2, duplicates: 1 });
    const alarm = { ts: NOW - 60_000, alarm_id: 5, site_id: 1, severity: 'major', probable_cause: 'link down', state: 'raised' };
    expect(ingest.ingest('alarm', [alarm, { ...alarm, state: 'cleared', ts: NOW }, alarm], 't')).toMatchObject({ accepted: 2, duplicates: 1 });
  });
});
