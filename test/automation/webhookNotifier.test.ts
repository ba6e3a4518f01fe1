// Outbound webhook: retried with backoff, failures counted, never blocks the caller; HMAC-signed with a timestamp
// against replays; only http(s) URLs on the allowlist, never link-local or metadata addresses.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookNotifier, type TicketNotice } from '../../pipelines/heal/webhookNotifier.js';
import { parseWebhookAllowlist, webhookUrlProblem } from '../../pipelines/heal/webhookAllowlist.js';
import { timestampedSignatureProblem } from '../../pipelines/heal/webhookSignature.js';

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

  it('signs each delivery: x-opsdeck-signature = sha256 HMAC of "<timestamp>.<body>", x-opsdeck-timestamp in unix seconds', async () => {
    const secret = 'a-webhook-secret-of-32-characters';
    const sent: { headers: Record<string, string>; body: string; redirect?: string }[] = [];
    const n = new WebhookNotifier({
      url: 'http://hook.invalid/x', secret, now: () => 1_767_225_600_000,
      fetchImpl: (async (_u: unknown, init?: RequestInit) => {
        sent.push({ headers: init?.headers as Record<string, string>, body: String(init?.body), redirect: init?.redirect });
        return new Response('ok');
      }) as typeof fetch,
    });
    n.notify(notice(7));
    await waitFor(() => n.stats.sent === 1);
    const { headers, body, redirect } = sent[0]!;
    expect(headers['x-opsdeck-timestamp']).toBe('1767225600');
    // Computed here independently of the module under test.
    expect(headers['x-opsdeck-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`1767225600.${body}`).digest('hex')}`);
    const signature = headers['x-opsdeck-signature'];
    expect(timestampedSignatureProblem(body, { signature, timestamp: '1767225600' }, secret, 1_767_225_660_000)).toBeNull();
    expect(timestampedSignatureProblem(body.replace('7', '8'), { signature, timestamp: '1767225600' }, secret, 1_767_225_660_000)).toBe('signature mismatch');
    expect(timestampedSignatureProblem(body, { signature, timestamp: '1767225601' }, secret, 1_767_225_660_000)).toBe('signature mismatch');
    expect(timestampedSignatureProblem(body, { signature, timestamp: '1767225600' }, secret, 1_767_225_600_000 + 3_600_000)).toMatch(/replayed/);
    expect(timestampedSignatureProblem(body, { signature, timestamp: '1767225600' }, 'another-secret-of-some-length', 1_767_225_660_000)).toBe('signature mismatch');
    // Redirects are not followed: they could lead off the allowlist.
    expect(redirect).toBe('manual');
    n.close();
  });

  it('sends no signature headers without a secret', async () => {
    const sent: Record<string, string>[] = [];
    const n = new WebhookNotifier({
      url: 'http://hook.invalid/x',
      fetchImpl: (async (_u: unknown, init?: RequestInit) => { sent.push(init?.headers as Record<string, string>); return new Response('ok'); }) as typeof fetch,
    });
    n.notify(notice(1));
    await waitFor(() => n.stats.sent === 1);
    expect(Object.keys(sent[0]!).filter((h) => h.startsWith('x-opsdeck-'))).toEqual([]);
    n.close();
  });
});

describe('webhook URL allowlist', () => {
  it('allows http(s) to allow-listed hosts only', () => {
    const list = parseWebhookAllowlist('hooks.example.com, 10.0.0.5:8443');
    expect(webhookUrlProblem('https://hooks.example.com/t', list)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5:8443/t', list)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5:9000/t', list)).toMatch(/not in OPSDECK_WEBHOOK_ALLOWLIST/);
    expect(webhookUrlProblem('https://other.example.com/t', list)).toMatch(/not in OPSDECK_WEBHOOK_ALLOWLIST/);
  });

  it('refuses file:, gopher: and link-local or metadata addresses even when they are on the allowlist', () => {
    const list = parseWebhookAllowlist('169.254.169.254, [fe80::1], metadata.google.internal, localhost, 0.0.0.0, [::ffff:a9fe:a9fe], etc');
    expect(webhookUrlProblem('file:///etc/passwd', list)).toBe('webhooks are http(s) only');
    expect(webhookUrlProblem('file://localhost/etc/passwd', list)).toBe('webhooks are http(s) only');
    expect(webhookUrlProblem('gopher://localhost:70/_x', list)).toBe('webhooks are http(s) only');
    for (const url of [
      'http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xa9.0xfe.0xa9.0xfe/', 'http://[::ffff:169.254.169.254]/',
      'http://169.254.1.1:8080/', 'http://[fe80::1]/', 'http://metadata.google.internal/computeMetadata/v1/', 'http://0.0.0.0/',
    ]) {
      expect({ url, problem: webhookUrlProblem(url, list) }).toEqual({ url, problem: expect.stringMatching(/never a webhook target/) });
    }
  });
});

