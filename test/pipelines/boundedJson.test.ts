// The dead-letter serializer: JSON.stringify's output for ordinary values, and bounded, throw-free output for hostile ones.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundedJson } from '../../pipelines/ingest/boundedJson.js';

function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function deepObject(depth: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe('boundedJson', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('writes what JSON.stringify writes for ordinary values', () => {
    const samples: unknown[] = [
      null, true, 0, -1.5, 'plain', 'quote " backslash \\ newline \n tab \t ctrl \u0001 ünïcødé 😀',
      [], {}, [1, 'a', null, [2, [3]]], { a: 1, b: { c: [true, false] }, 'k"y': 'v' },
      { skip: undefined, f: () => 1, keep: 1 }, [undefined, () => 1], [Number.NaN, Number.POSITIVE_INFINITY],
      { when: new Date(Date.UTC(2026, 0, 2)) }, { shared: [1], again: [1] },
    ];
    for (const v of samples) expect(boundedJson(v, { maxChars: 10_000 })).toBe(JSON.stringify(v));
  });

  it('writes bigint as a decimal string, cycles as a marker, and keeps shared (acyclic) references', () => {
    expect(boundedJson({ n: 12345678901234567890n })).toBe('{"n":"12345678901234567890"}');
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(boundedJson(a)).toBe('{"x":1,"self":"[circular]"}');
    const b: unknown[] = [];
    b.push([b]);
    expect(boundedJson(b)).toBe('[["[circular]"]]');
    const s = { v: 1 };
    expect(boundedJson([s, s])).toBe('[{"v":1},{"v":1}]');
  });

  it('survives 100k-deep arrays and objects with a short result and a depth marker', () => {
    for (const v of [deepArray(100_000), deepObject(100_000)]) {
      const out = boundedJson(v, { maxDepth: 5 });
      expect(out.length).toBeLessThanOrEqual(2000);
      expect(out).toContain('"[depth limit]"');
    }
    expect(boundedJson(deepArray(100_000), { maxDepth: 3 })).toBe('[[["[depth limit]"]]]');
    // Without a depth limit in reach, the output is cut at maxChars, marked by a trailing ellipsis.
    const cut = boundedJson(deepArray(100_000), { maxChars: 100, maxDepth: 1_000_000 });
    expect(cut).toBe(`${'['.repeat(99)}…`);
  });

  it('cuts huge strings without escaping more than it keeps', () => {
    const huge = 'x'.repeat(10_000_000);
    const spy = vi.spyOn(JSON, 'stringify');
    const out = boundedJson({ model: huge, [huge]: 1 }, { maxChars: 2000 });
    expect(out.length).toBe(2000);
    expect(out.startsWith('{"model":"xxx')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    for (const call of spy.mock.calls) expect(String(call[0]).length).toBeLessThanOrEqual(2001);
  });

  it('reads a bounded number of elements, however long the input claims to be', () => {
    let reads = 0;
    // An array proxy claiming 10^12 elements: reading them all would never end.
    const endless = new Proxy([] as unknown[], {
      get(_t, k) { if (k === 'length') return 1e12; if (k === 'toJSON') return undefined; reads++; return 0; },
    });
    const out = boundedJson(endless, { maxChars: 500 });
    expect(out.length).toBe(500);
    expect(reads).toBeLessThan(500 * 4 + 1100);
    // An object of 200k undefined properties writes nothing per step; the work budget still stops it.
    const sparse: Record<string, undefined> = {};
    for (let i = 0; i < 200_000; i++) sparse[`k${i}`] = undefined;
    expect(boundedJson(sparse, { maxChars: 50 }).endsWith('…')).toBe(true);
  });

  it('never throws: throwing getters, toJSON and proxy traps become markers', () => {
    const getter = Object.defineProperty({}, 'bad', { enumerable: true, get() { throw new Error('boom'); } });
    expect(boundedJson(getter)).toBe('{"bad":"[unreadable]"}');
    expect(boundedJson({ t: { toJSON() { throw new Error('no'); } } })).toBe('{"t":"[toJSON failed]"}');
    const trap = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
    expect(boundedJson({ p: trap })).toBe('{"p":"[unreadable]"}');
    expect(boundedJson(undefined)).toBe('undefined');
    expect(boundedJson(Symbol('s'))).toBe('null');
  });

  it('keeps an exact fit whole and never exceeds maxChars', () => {
    const v = { a: 'b'.repeat(10) };
    const exact = JSON.stringify(v);
    expect(boundedJson(v, { maxChars: exact.length })).toBe(exact);
    expect(boundedJson(v, { maxChars: exact.length - 1 })).toBe(`${exact.slice(0, exact.length - 2)}…`);
    for (const n of [0, 1, 2, 7]) expect(boundedJson(deepObject(50), { maxChars: n }).length).toBeLessThanOrEqual(n);
  });
});
