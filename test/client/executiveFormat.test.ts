// Pins how the executive report writes figures: units, "no data" / "pending" instead of 0/NaN, delta arrows by the KPI's better direction, RAG words; in English and Chinese.
import { describe, expect, it } from 'vitest';
import { describeDelta, describeTarget, formatCell, formatKpiValue, formatKpiValueParts, formatMinutes, formatTokenAmount, ragView } from '../../client/features/executive/kpiFormat.js';
import { figureStateOf, kpiFigureText } from '../../client/features/executive/kpiFigureState.js';
import { reportNames } from '../../client/features/executive/reportNames.js';

describe('formatKpiValue', () => {
  it('writes each unit', () => {
    expect(formatKpiValue(5_306_166, 'fen')).toBe('¥53,061.66');
    expect(formatKpiValue(2881.84, 'fen')).toBe('¥28.82'); // ARPU: rounded once to whole fen
    expect(formatKpiValue(18_412.6, 'count')).toBe('18,412.6');
    expect(formatKpiValue(162, 'count')).toBe('162');
    expect(formatKpiValue(78.44, 'pct')).toBe('78.4%');
    expect(formatKpiValue(99.314, 'pct')).toBe('99.31%'); // near an objective the second decimal matters
    expect(formatKpiValue(100, 'pct')).toBe('100.00%');
    expect(formatKpiValue(61_832_000_000, 'tokens')).toBe('61.83B');
    expect(formatKpiValue(456_700_000, 'tokens')).toBe('456.7M');
    expect(formatKpiValue(858.2, 'fen_per_mtok')).toBe('¥8.58 / M tokens');
    expect(formatKpiValue(94, 'minutes')).toBe('1 h 34 min');
  });
  it('splits unit words off the figure for the card', () => {
    expect(formatKpiValueParts(858.2, 'fen_per_mtok')).toEqual({ figure: '¥8.58', suffix: '/ M tokens' });
    expect(formatKpiValueParts(1_500, 'fen')).toEqual({ figure: '¥15.00', suffix: '' });
    expect(formatKpiValueParts(null, 'fen_per_mtok')).toEqual({ figure: 'no data', suffix: '' });
  });
  it('never shows a missing figure as 0 or NaN', () => {
    for (const unit of ['fen', 'count', 'pct', 'minutes', 'tokens', 'fen_per_mtok'] as const) {
      expect(formatKpiValue(null, unit)).toBe('no data');
      expect(formatKpiValue(Number.NaN, unit)).toBe('no data');
      expect(formatKpiValue(Number.POSITIVE_INFINITY, unit)).toBe('no data');
    }
    expect(formatKpiValue(0, 'fen')).toBe('¥0.00'); // a real zero stays zero
  });
  it('formats durations and token amounts at their boundaries', () => {
    expect(formatMinutes(4.5)).toBe('4.5 min');
    expect(formatMinutes(59.6)).toBe('60 min');
    expect(formatMinutes(60)).toBe('1 h 00 min');
    expect(formatMinutes(1440 + 185)).toBe('1 d 3 h');
    expect(formatMinutes(-12)).toBe('-12 min');
    expect(formatTokenAmount(999)).toBe('999');
    expect(formatTokenAmount(12_345)).toBe('12.3k');
    expect(formatTokenAmount(1_000_000_000)).toBe('1.00B');
  });
  it('formats table cells by column unit', () => {
    expect(formatCell('Guangdong', 'text')).toBe('Guangdong');
    expect(formatCell(null, 'text')).toBe('no data');
    expect(formatCell(402_100, 'fen')).toBe('¥4,021.00');
    expect(formatCell(null, 'fen')).toBe('no data');
    expect(formatCell('12', 'fen')).toBe('no data'); // a string in a money column is not a figure
  });
});

describe('describeDelta', () => {
  it('colours a rise good when up is better and bad when down is better', () => {
    expect(describeDelta(3.62, 'up')).toEqual({ text: '+3.6%', arrow: '▲', tone: 'good', spoken: 'up 3.6%, better' });
    expect(describeDelta(82.9, 'down')).toEqual({ text: '+82.9%', arrow: '▲', tone: 'bad', spoken: 'up 82.9%, worse' });
    expect(describeDelta(-33.3, 'down')).toMatchObject({ text: '-33.3%', arrow: '▼', tone: 'good' });
    expect(describeDelta(-10.4, 'up')).toMatchObject({ text: '-10.4%', arrow: '▼', tone: 'bad' });
  });
  it('treats tiny changes as flat and missing ones as no comparison', () => {
    expect(describeDelta(0.03, 'up')).toMatchObject({ text: '±0.0%', tone: 'neutral' });
    expect(describeDelta(-0.049, 'down')).toMatchObject({ text: '±0.0%', tone: 'neutral' });
    expect(describeDelta(null, 'up')).toEqual({ text: 'no comparison', arrow: '', tone: 'neutral', spoken: 'no comparison' });
    expect(describeDelta(Number.NaN, 'up').text).toBe('no comparison');
  });
});

describe('ragView and describeTarget', () => {
  it('names every RAG status in words as well as a class', () => {
    expect(ragView('green', true, true)).toMatchObject({ word: 'On target', className: 'rag-green' });
    expect(ragView('amber', true, true)).toMatchObject({ word: 'Near target', className: 'rag-amber' });
    expect(ragView('red', true, true)).toMatchObject({ word: 'Missed target', className: 'rag-red' });
    expect(ragView('none', true, false).word).toBe('No target');
    expect(ragView('none', false, false).word).toBe('No target');
    expect(ragView('none', false, true).word).toBe('Not judged'); // a target, but no figure to judge
  });
  it('writes the target with the direction that meets it', () => {
    expect(describeTarget({ value: 99.5, amberWithin: 0.005 }, 'pct', 'up')).toBe('Target ≥ 99.50%');
    expect(describeTarget({ value: 60, amberWithin: 0.1 }, 'minutes', 'down')).toBe('Target ≤ 1 h 00 min');
    expect(describeTarget(null, 'fen', 'up')).toBe('No target set');
  });
});

describe('in Chinese', () => {
  it('writes units, deltas, RAG and targets in Chinese; money and percentages stay exact', () => {
    expect(formatKpiValue(5_306_166, 'fen', 'zh-CN')).toBe('¥53,061.66');
    expect(formatKpiValue(61_832_000_000, 'tokens', 'zh-CN')).toBe('618.32亿');
    expect(formatKpiValue(456_700, 'tokens', 'zh-CN')).toBe('45.7万');
    expect(formatKpiValue(94, 'minutes', 'zh-CN')).toBe('1 小时 34 分');
    expect(formatKpiValue(4.5, 'minutes', 'zh-CN')).toBe('4.5 分钟');
    expect(formatKpiValue(1440 + 185, 'minutes', 'zh-CN')).toBe('1 天 3 小时');
    expect(formatKpiValue(858.2, 'fen_per_mtok', 'zh-CN')).toBe('¥8.58 / 百万 Token');
    expect(formatKpiValue(null, 'fen', 'zh-CN')).toBe('无数据');
    expect(describeDelta(3.62, 'up', 'zh-CN')).toEqual({ text: '+3.6%', arrow: '▲', tone: 'good', spoken: '上升 3.6%，向好' });
    expect(describeDelta(null, 'up', 'zh-CN').text).toBe('无可比数据');
    expect(ragView('red', true, true, 'zh-CN').word).toBe('未达标');
    expect(ragView('none', false, true, 'zh-CN').word).toBe('无法评估');
    expect(describeTarget({ value: 60, amberWithin: 0.1 }, 'minutes', 'down', 'zh-CN')).toBe('目标 ≤ 1 小时 00 分');
  });
});

describe('figureStateOf', () => {
  const cov = { rawDays: 7, historyDays: 0, missingDays: 0 };
  it('calls a revenue figure without a source over days with data "pending", never 0', () => {
    expect(figureStateOf({ id: 'revenue_total', value: null, source: 'none' }, cov)).toBe('pending');
    expect(kpiFigureText({ id: 'revenue_total', value: null, source: 'none', unit: 'fen' }, cov)).toBe('pending');
    expect(kpiFigureText({ id: 'revenue_total', value: null, source: 'none', unit: 'fen' }, cov, 'zh-CN')).toBe('待计算');
  });
  it('says "no data" for a period without data and for other sections, and shows real figures (0 included)', () => {
    expect(figureStateOf({ id: 'revenue_total', value: null, source: 'none' }, { rawDays: 0, historyDays: 0, missingDays: 7 })).toBe('no-data');
    expect(figureStateOf({ id: 'escalations', value: null, source: 'none' }, cov)).toBe('no-data');
    expect(figureStateOf({ id: 'revenue_total', value: null, source: 'raw' }, cov)).toBe('no-data');
    expect(kpiFigureText({ id: 'revenue_total', value: 0, source: 'raw', unit: 'fen' }, cov)).toBe('¥0.00');
  });
});

describe('reportNames', () => {
  it('translates KPIs by id and built-in English texts, keeps anything else as the server sent it', () => {
    const zh = reportNames('zh-CN');
    expect(zh.kpi('revenue_total', 'Token revenue')).toBe('Token 收入');
    expect(zh.kpi('some_future_kpi', 'Future KPI')).toBe('Future KPI');
    expect(zh.text('Network experience')).toBe('网络体验');
    expect(zh.text('Board pack written by hand')).toBe('Board pack written by hand');
    expect(zh.cell('province', 'Guangdong')).toBe('广东');
    expect(reportNames('en').kpi('revenue_total', 'Token revenue (server)')).toBe('Token revenue (server)');
  });
});
