// Outbound webhook per ticket event: queued, retried with backoff, counted, HMAC-signed when a secret is set;
// never blocks the automation loop. The body is OpsDeck's own JSON or Alertmanager's webhook payload.
import type { Ticket, TicketEvent } from '../../schema/automation.js';
import { alertmanagerWebhookBody } from './alertmanagerFormat.js';
import { timestampedSignatureHeaders } from './webhookSignature.js';

export interface TicketNotice { ticket: Ticket; event: TicketEvent }

export interface TicketNotifier { notify(n: TicketNotice): void }

export interface WebhookStats { url: string | null; sent: number; failed: number; retried: number; dropped: number; queued: number; lastError: string | null }

/** `opsdeck`: {type, ticket, event}; `alertmanager`: the Alertmanager webhook payload v4, one alert per ticket. */
export const WEBHOOK_FORMATS = ['opsdeck', 'alertmanager'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookOptions {
  url: string;
  /** OPSDECK_WEBHOOK_FORMAT; default `opsdeck`. */
  format?: WebhookFormat;
  /** HMAC-SHA256 key (OPSDECK_WEBHOOK_SECRET): each attempt carries x-opsdeck-timestamp and x-opsdeck-signature; null: unsigned. */
  secret?: string | null;
  /** The clock of the signature timestamp (tests pin it). */
  now?: () => number;
  maxAttempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  maxQueue?: number;
  fetchImpl?: typeof fetch;
}

export class WebhookNotifier implements TicketNotifier {
  private readonly queue: { body: string; attempt: number }[] = [];
  private running = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  readonly stats: WebhookStats;

  constructor(private readonly o: WebhookOptions) {
    this.stats = { url: o.url, sent: 0, failed: 0, retried: 0, dropped: 0, queued: 0, lastError: null };
  }

  notify(n: TicketNotice): void {
    if (this.closed) return;
    if (this.queue.length >= (this.o.maxQueue ?? 1000)) { this.stats.dropped++; return; }
    const body = this.o.format === 'alertmanager'
      ? alertmanagerWebhookBody(n.ticket, n.event)
      : { type: `ticket.${n.event.kind}`, ticket: n.ticket, event: n.event };
    this.queue.push({ body: JSON.stringify(body), attempt: 0 });
    this.stats.queued = this.queue.length;
    this.pump();
  }

  private pump(): void {
    if (this.running || this.closed || !this.queue.length) return;
    this.running = true;
    const item = this.queue[0]!;
    void this.send(item.body).then((ok) => {
      this.running = false;
      if (ok) { this.stats.sent++; this.queue.shift(); this.stats.queued = this.queue.length; this.pump(); return; }
      item.attempt++;
      if (item.attempt >= (this.o.maxAttempts ?? 5)) {
        this.stats.failed++; this.queue.shift(); this.stats.queued = this.queue.length; this.pump(); return;
      }
      this.stats.retried++;
      const delay = (this.o.baseDelayMs ?? 500) * 2 ** (item.attempt - 1);
      this.timer = setTimeout(() => { this.timer = null; this.pump(); }, delay);
    });
  }

  private async send(body: string): Promise<boolean> {
    const f = this.o.fetchImpl ?? fetch;
    try {
      // Signed per attempt: a retry an hour later carries a fresh timestamp the receiver's replay window accepts.
      const signature = this.o.secret ? timestampedSignatureHeaders(body, this.o.secret, (this.o.now ?? Date.now)()) : {};
      const res = await f(this.o.url, {
        method: 'POST', headers: { 'content-type': 'application/json', ...signature }, body, signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000),
        // A redirect could lead off the allowlist (e.g. to a metadata address): it counts as a failed delivery.
        redirect: 'manual',
      });
      if (!res.ok) this.stats.lastError = `HTTP ${res.status}`;
      return res.ok;
    } catch (e) {
      this.stats.lastError = (e as Error).message;
      return false;
    }
  }

  close(): void { this.closed = true; if (this.timer) clearTimeout(this.timer); }
}
