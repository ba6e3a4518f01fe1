// The Prometheus text writer: exact output for a small case written by hand, escaping, and refusal of malformed families.
import { describe, expect, it } from 'vitest';
import { formatValue, renderPromText, type MetricFamily } from '../../../server/observability/promText.js';

describe('Prometheus text exposition writer', () => {
  it('writes HELP and TYPE per family and one line per sample, labels sorted by name', () => {
    const families: MetricFamily[] = [
      { name: 'demo_events_total', help: 'Events seen.', type: 'counter', samples: [
        { labels: { table: 'kpi' }, value: 12 }, { labels: { table: 'alarm', b: 'x' }, value: 0 },
      ] },
      { name: 'demo_queue_depth', help: 'Items waiting.', type: 'gauge', samples: [{ value: 3.5 }] },
    ];
    expect(renderPromText(families)).toBe([
      '# HELP demo_events_total Events seen.',
      '# TYPE demo_events_total counter',
      'demo_events_total{table="kpi"} 12',
      'demo_events_total{b="x",table="alarm"} 0',
      '# HELP demo_queue_depth Items waiting.',
      '# TYPE demo_queue_depth gauge',
      'demo_queue_depth 3.5',
      '',
    ].join('\n'));
  });

  it('escapes backslash, double quote and newline in label values, backslash and newline in help', () => {
    const text = renderPromText([{ name: 'demo_info', help: 'a\\b\nc "quoted"', type: 'gauge', samples: [{ labels: { v: 'C:\\x "y"\nz' }, value: 1 }] }]);
    expect(text.split('\n')).toEqual([
      '# HELP demo_info a\\\\b\\nc "quoted"',
      '# TYPE demo_info gauge',
      'demo_info{v="C:\\\\x \\"y\\"\\nz"} 1',
      '',
    ]);
  });

  it('spells special values as Go parses them', () => {
    expect([NaN, Infinity, -Infinity, 0, -2.5, 1e21].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '0', '-2.5', '1e+21']);
  });

  it('a family without samples still declares itself; nothing at all is an empty body', () => {
    expect(renderPromText([{ name: 'demo_total', help: 'h', type: 'counter', samples: [] }])).toBe('# HELP demo_total h\n# TYPE demo_total counter\n');
    expect(renderPromText([])).toBe('');
  });

  it('refuses what Prometheus would refuse: bad names, counters without _total or below zero, repeated series', () => {
    const g = (over: Partial<MetricFamily>): MetricFamily[] => [{ name: 'demo_total', help: 'h', type: 'counter', samples: [{ value: 1 }], ...over }];
    expect(() => renderPromText(g({ name: '1bad' }))).toThrow(/invalid metric name/);
    expect(() => renderPromText(g({ name: 'demo_count' }))).toThrow(/must end in _total/);
    expect(() => renderPromText(g({ samples: [{ value: -1 }] }))).toThrow(/has value -1/);
    expect(() => renderPromText(g({ samples: [{ labels: { 'bad-name': 'x' }, value: 1 }] }))).toThrow(/invalid label name/);
    expect(() => renderPromText(g({ samples: [{ labels: { __name: 'x' }, value: 1 }] }))).toThrow(/invalid label name/);
    expect(() => renderPromText(g({ samples: [{ labels: { a: '1' }, value: 1 }, { labels: { a: '1' }, value: 2 }] }))).toThrow(/twice/);
    expect(() => renderPromText([...g({}), ...g({})])).toThrow(/declared twice/);
  });
});
