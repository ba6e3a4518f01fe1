// Downloads ahead of their use: handed out in list order whatever order they finish in, never more bytes held than the
// bound (one oversized item alone excepted), never more requests in flight than the limit; a failure stops the rest.
import { describe, expect, it } from 'vitest';
import { OrderedPrefetch, type PrefetchItem } from '../../client/dataSync/orderedPrefetch.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function harness(items: PrefetchItem[], o: { aheadBytes: number; concurrency: number }, fail?: string) {
  let running = 0, maxRunning = 0, startedBytes = 0, maxHeld = 0, released = 0;
  const aborted: string[] = [];
  const prefetch = new OrderedPrefetch(items, async (item, signal) => {
    running++; startedBytes += item.bytes;
    maxRunning = Math.max(maxRunning, running);
    maxHeld = Math.max(maxHeld, startedBytes - released);
    // Later items finish first: order must come from the list, not from completion.
    await tick(5 + (items.length - items.indexOf(item)) * 2);
    running--;
    if (signal.aborted) aborted.push(item.url);
    if (item.url === fail) throw new Error(`failed ${item.url}`);
    return new TextEncoder().encode(item.url);
  }, o);
  return {
    prefetch, aborted,
    stats: () => ({ maxRunning, maxHeld }),
    release(bytes: number) { released += bytes; prefetch.release(bytes); },
  };
}

describe('OrderedPrefetch', () => {
  it('hands items out in order, within the byte bound and the request limit', async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ url: `f${i}`, bytes: 30 }));
    const h = harness(items, { aheadBytes: 100, concurrency: 2 });
    const got: string[] = [];
    for (const it of items) {
      got.push(new TextDecoder().decode(await h.prefetch.take()));
      await tick(3);
      h.release(it.bytes);
    }
    expect(got).toEqual(items.map((i) => i.url));
    expect(h.stats().maxRunning).toBe(2);
    expect(h.stats().maxHeld).toBeLessThanOrEqual(100);
  });

  it('starts an item larger than the bound once nothing else is held', async () => {
    const items = [{ url: 'small', bytes: 10 }, { url: 'huge', bytes: 1_000 }, { url: 'after', bytes: 10 }];
    const h = harness(items, { aheadBytes: 100, concurrency: 4 });
    expect(new TextDecoder().decode(await h.prefetch.take())).toBe('small');
    h.release(10);
    expect(new TextDecoder().decode(await h.prefetch.take())).toBe('huge');
    h.release(1_000);
    expect(new TextDecoder().decode(await h.prefetch.take())).toBe('after');
  });

  it('reports a failure at its turn and cancels the downloads still running', async () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ url: `f${i}`, bytes: 1 }));
    const h = harness(items, { aheadBytes: 100, concurrency: 3 }, 'f1');
    await h.prefetch.take();
    h.release(1);
    await expect(h.prefetch.take()).rejects.toThrow('failed f1');
    h.prefetch.cancel();
    await tick(40);
    expect(h.aborted.length).toBeGreaterThan(0);
  });
});
