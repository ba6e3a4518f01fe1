// How the NOC words a status: the headline is the figure that decided it, with the cause named, in English and Chinese;
// SLA labels of a chart get one slot each so they never stack.
import { describe, expect, it } from 'vitest';
import { statusLine, statusWords } from '../../client/features/noc/nocFormat.js';
import { NOC_MESSAGES } from '../../client/features/noc/nocMessages.js';
import { niceMax, slaLabelPlacement } from '../../client/features/noc/slaLabels.js';
import { createFormatters } from '../../client/i18n/formatters.js';
import { translator } from '../../client/i18n/messages.js';
import type { SiteStatusVerdict } from '../../domain/assurance/siteStatus.js';

const en = { t: translator(NOC_MESSAGES, 'en'), fmt: createFormatters('en', 'Asia/Shanghai') };
const zh = { t: translator(NOC_MESSAGES, 'zh-CN'), fmt: createFormatters('zh-CN', 'Asia/Shanghai') };
const v = (p: SiteStatusVerdict) => p;

describe('NOC status words', () => {
  it('below objective on uplink headlines the uplink figure, never "assurance 100.000 %"', () => {
    const s = v({ status: 'below_objective', cause: 'uplink_assurance', value: 97.25, target: 99.5 });
    expect(statusLine(s, en.t, en.fmt)).toBe('below objective · uplink 97.250 % < 99.5 %');
    expect(statusWords(s, en.t, en.fmt)).toMatchObject({ headlineLabel: 'uplink assurance', headlineValue: '97.250 %' });
    expect(statusLine(s, zh.t, zh.fmt)).toBe('低于目标 · 上行保障率 97.250 % < 99.5 %');
  });

  it('breaching names the p95 now against the target; predicted breach the minutes', () => {
    expect(statusLine(v({ status: 'breaching', cause: 'latency_now', value: 48, target: 30 }), en.t, en.fmt)).toBe('breaching · p95 now 48.0 ms > 30 ms');
    expect(statusLine(v({ status: 'at_risk', cause: 'latency_trend', value: 11.6, target: 30 }), en.t, en.fmt)).toBe('predicted breach · in ~12 min (target 30 ms)');
    expect(statusWords(v({ status: 'at_risk', cause: 'latency_trend', value: 11.6, target: 30 }), en.t, en.fmt).headlineValue).toBe('~12 min');
    expect(statusLine(v({ status: 'breaching', cause: 'latency_now', value: 48, target: 30 }), zh.t, zh.fmt)).toBe('正在违约 · 当前 p95 48.0 ms > 30 ms');
  });

  it('latency below objective and met; no data says so', () => {
    expect(statusLine(v({ status: 'below_objective', cause: 'latency_assurance', value: 98.1234, target: 99.5 }), en.t, en.fmt)).toBe('below objective · latency 98.123 % < 99.5 %');
    expect(statusLine(v({ status: 'met', cause: 'latency_assurance', value: 100, target: 99.5 }), en.t, en.fmt)).toBe('objective met · latency 100.000 % ≥ 99.5 %');
    expect(statusLine(v({ status: 'no_data', cause: null, value: null, target: null }), en.t, en.fmt)).toBe('no data · no KPI sample in this window');
  });

  it('every English key has a Chinese text that differs where words are involved', () => {
    const same = Object.keys(NOC_MESSAGES.en).filter((k) => {
      const e = NOC_MESSAGES.en[k as keyof typeof NOC_MESSAGES.en];
      const c = NOC_MESSAGES['zh-CN'][k as keyof typeof NOC_MESSAGES.en];
      return JSON.stringify(e) === JSON.stringify(c) && /[a-z]{3}/i.test(JSON.stringify(e).replace(/\{\w+\}|SLA|ms|Mbps|DuckDB/g, ''));
    });
    expect(same).toEqual([]);
  });
});

describe('SLA labels', () => {
  it('one label per distinct target, at its line when there is room', () => {
    // Axis 0..100 drawn 100 px tall: 30 and 60 are 30 px apart, far more than the 11 px a label needs.
    expect(slaLabelPlacement([60, 30, 30, Number.NaN], (y) => `SLA ${y} ms`, 100, 100)).toEqual([
      { y: 30, labelY: 30, text: 'SLA 30 ms' }, { y: 60, labelY: 60, text: 'SLA 60 ms' },
    ]);
    expect(slaLabelPlacement([], String, 100, 100)).toEqual([]);
  });

  it('close targets are nudged apart (never closer than the gap) and kept inside the axis', () => {
    const px = (ls: ReturnType<typeof slaLabelPlacement>) => ls.map((l) => l.labelY * 88 / 100);
    // The fixture's latency classes: 30, 40, 50, 60, 80 and 100 ms on a 0..100 axis 88 px tall.
    const l = slaLabelPlacement([30, 40, 50, 60, 80, 100], String, 100, 88);
    expect(l.map((x) => x.y)).toEqual([30, 40, 50, 60, 80, 100]);
    const p = px(l);
    for (let i = 1; i < p.length; i++) expect(p[i]! - p[i - 1]!).toBeGreaterThanOrEqual(11 - 1e-9);
    expect(Math.max(...p)).toBeLessThanOrEqual(88 - 5.5 + 1e-9);
    expect(Math.min(...p)).toBeGreaterThanOrEqual(5.5 - 1e-9);
    // Labels stay near their lines: none moves more than the column needs.
    expect(l[0]!.labelY).toBeLessThanOrEqual(30);
  });

  it('round axis tops', () => {
    expect([niceMax(48), niceMax(100), niceMax(1340), niceMax(0), niceMax(2.6)]).toEqual([50, 100, 1500, 1, 3]);
  });
});
