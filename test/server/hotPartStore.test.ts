// A plan's hot parts: handed once to the plan's owner, gone after the plan's lifetime, the oldest plans dropped past the cap.
import { describe, expect, it } from 'vitest';
import { HotPartStore, type HotPart } from '../../server/data/hotPartStore.js';

const part = (rows: number): HotPart => ({ seq: 9, tables: [], rows });

describe('HotPartStore', () => {
  it('gives each part once, to its owner only, and not after the lifetime', () => {
    let now = 0;
    const store = new HotPartStore({ ttlMs: 1000, maxPlans: 10, now: () => now });
    const id = store.put('ann', new Map([['kpi', part(3)], ['usage', part(4)]]));
    expect(store.take(id, 'bob', 'kpi')).toMatchObject({ ok: false, status: 410 });
    expect(store.take(id, 'ann', 'kpi')).toMatchObject({ ok: true, part: { rows: 3 } });
    expect(store.take(id, 'ann', 'kpi')).toMatchObject({ ok: false, status: 410 });
    now = 1001;
    expect(store.take(id, 'ann', 'usage')).toMatchObject({ ok: false, status: 410 });
    expect(store.size).toBe(0);
  });

  it('keeps at most maxPlans, dropping the oldest', () => {
    const store = new HotPartStore({ ttlMs: 60_000, maxPlans: 2, now: () => 0 });
    const ids = [1, 2, 3].map((n) => store.put('ann', new Map([['kpi', part(n)]])));
    expect(store.take(ids[0]!, 'ann', 'kpi').ok).toBe(false);
    expect(store.take(ids[2]!, 'ann', 'kpi')).toMatchObject({ ok: true, part: { rows: 3 } });
  });
});
