// Outbound webhook: retried with backoff, failures counted, never blocks the caller.
import { describe, expect, it } from 'vitest';
import { WebhookNotifier, type TicketNotice } from '../../pipelines/heal/webhookNotifier.js';

const notice = (id: number): TicketNotice => ({
  ticket: { ticketId: id } as TicketNotice['ticket'],
  event: { eventId: id, ticketId: id, atMs: 0, kind: 'transition', fromState: null, toState: 'open', actor: 'rule:x', reason: 'r', data: null },
});
const waitFor = async (cond: () => boolean) => { for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10)); };

describe('webhook notifier', () => {
  it('retries failed deliveries in order and counts them', async () => {
    let calls = 0;
    const bodies: string[] = [];
    const n = new WebhookNotifier({
      url: 'http://hook.invalid/x', baseDelayMs: 1,
      fetchImpl: (async (_u: unknown, init?: RequestInit) => { calls++; if (calls <= 2) return new Response('', { status: 500 }); bodies.push(String(init?.body)); return new Response('ok'); }) as typeof fetch,
    });
    n.notify(notice(1));
    n.notify(notice(2));
    // notify only enqueues: nothing is delivered before the caller yields (no wall-clock bound, which flakes under load).
    expect(n.stats.sent).toBe(0);
    await waitFor(() => n.stats.sent === 2);
    expect(n.stats).toMatchObject({ sent: 2, retried: 2, failed: 0, dropped: 0 });
    expect(bodies.map((b) => (JSON.parse(b) as { ticket: { ticketId: number } }).ticket.ticketId)).toEqual([1, 2]);
    n.close();
  });
  it('gives up after maxAttempts, drops beyond the queue bound, and keeps going', async () => {
    const n = new WebhookNotifier({
      url: 'http://hook.invalid/x', baseDelayMs: 1, maxAttempts: 3, maxQueue: 2,
      fetchImpl: (async () => { throw new Error('ECONNREFUSED'); }) as typeof fetch,
    });
    n.notify(notice(1)); n.notify(notice(2)); n.notify(notice(3));
    await waitFor(() => n.stats.failed === 2);
    expect(n.stats).toMatchObject({ failed: 2, dropped: 1, sent: 0, lastError: 'ECONNREFUSED' });
    n.close();
  });
});
