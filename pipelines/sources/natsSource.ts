// Production event source: a durable JetStream pull consumer feeding ingest, acknowledging a message
// only once the rows it carried are persisted in the lake (at-least-once; ingest is idempotent).
// Each message is handled alone: one that keeps failing is retried a few times, then dead-lettered, never lost.
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { FACT_TABLES, isFactTable } from '../../schema/tables.js';
import type { DeadLetterStore } from '../ingest/deadLetterStore.js';
import type { IngestPipeline } from '../ingest/ingestPipeline.js';
import type { Source } from './source.js';

export interface NatsSourceOptions {
  servers: string;
  /** Stream holding subjects `${subjectPrefix}.usage|kpi|alarm`; created if missing. */
  stream: string;
  subjectPrefix: string;
  durable: string;
  /** Must exceed the lake flush interval, or messages are redelivered before their ack (harmless, but noisy). */
  ackWaitMs: number;
  batch?: number;
  /**
   * Deliveries of a message whose handling throws before it is dead-lettered as `poison` and acked (set as the
   * consumer's max_deliver too). Redeliveries after an ack timeout count as well. Default 10.
   */
  maxDeliver?: number;
  /** Delay before a message whose handling threw is redelivered. Default 2000. */
  retryDelayMs?: number;
  onError?: (err: unknown) => void;
}

export const DEFAULT_MAX_DELIVER = 10;
const DEFAULT_RETRY_DELAY_MS = 2000;
const RAW_BYTES_KEPT = 2000;

/** A message's payload is one event object or an array of them; the subject names the table. */
export function decodePayload(subject: string, prefix: string, data: Uint8Array):
  { ok: true; table: (typeof FACT_TABLES)[number]; events: unknown[] } | { ok: false; table: string; code: string; reason: string } {
  const table = subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject;
  if (!isFactTable(table)) return { ok: false, table, code: 'unknown_subject', reason: `no fact table for subject '${subject}'` };
  let parsed: unknown;
  try { parsed = JSON.parse(new TextDecoder().decode(data)); } catch (e) {
    return { ok: false, table, code: 'bad_json', reason: `payload is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { ok: true, table, events: Array.isArray(parsed) ? parsed : [parsed] };
}

/**
 * `messages` handled deliveries, `acked` acks sent, `awaitingFlush` held for the next lake flush; `deadLettered`
 * whole messages dead-lettered (undecodable or poison), `poison` those after the last allowed delivery,
 * `retried` naks of a message whose handling threw.
 */
export type NatsStatus = {
  messages: number; acked: number; awaitingFlush: number; deadLettered: number; poison: number; retried: number;
};

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class NatsSource implements Source<NatsStatus> {
  readonly name = 'nats';
  private nc: NatsConnection | null = null;
  private messages: ConsumerMessages | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  /** Messages whose rows are in the hot window but not yet in the lake. */
  private held: JsMsg[] = [];
  messagesTotal = 0;
  ackedTotal = 0;
  deadLetteredTotal = 0;
  poisonTotal = 0;
  retriedTotal = 0;

  constructor(private readonly ingest: IngestPipeline, private readonly deadLetters: DeadLetterStore,
    private readonly o: NatsSourceOptions) {}

  private get maxDeliver(): number { return Math.max(1, this.o.maxDeliver ?? DEFAULT_MAX_DELIVER); }

  async start(): Promise<void> {
    this.nc = await connect({ servers: this.o.servers, name: 'opsdeck-ingest' });
    const jsm = await jetstreamManager(this.nc);
    const subjects = [`${this.o.subjectPrefix}.>`];
    try { await jsm.streams.info(this.o.stream); } catch { await jsm.streams.add({ name: this.o.stream, subjects }); }
    const existing = await jsm.consumers.info(this.o.stream, this.o.durable).catch(() => null);
    if (!existing) {
      await jsm.consumers.add(this.o.stream, {
        durable_name: this.o.durable, ack_policy: AckPolicy.Explicit, ack_wait: this.o.ackWaitMs * 1_000_000,
        max_ack_pending: 100_000, max_deliver: this.maxDeliver,
      });
    } else if (existing.config.max_deliver !== this.maxDeliver) {
      // A consumer made by an older version redelivers forever; our own count still dead-letters if this fails.
      await jsm.consumers.update(this.o.stream, this.o.durable, { max_deliver: this.maxDeliver })
        .catch((err: unknown) => this.o.onError?.(err));
    }
    const consumer = await jetstream(this.nc).consumers.get(this.o.stream, this.o.durable);
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          this.messages = await consumer.fetch({ max_messages: this.o.batch ?? 1000, expires: 1000 });
          for await (const m of this.messages) this.handle(m);
        } catch (err) {
          this.o.onError?.(err);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    })();
  }

  /** Never throws: whatever one message does, the rest of its batch is handled. */
  private handle(m: JsMsg): void {
    this.messagesTotal++;
    let table = m.subject;
    try {
      const d = decodePayload(m.subject, this.o.subjectPrefix, m.data);
      table = d.table;
      if (!d.ok) {
        // Never silently dropped: dead-lettered with the raw payload, then acked so it is not redelivered forever.
        this.deadLetter(m, d.table, d.code, d.reason);
        this.settle(m, 'ack');
        return;
      }
      this.ingest.ingest(d.table, d.events, 'nats');
      this.held.push(m);
    } catch (err) {
      this.failed(m, table, err);
    }
  }

  /**
   * Handling threw. Before the last allowed delivery: redeliver after a short delay. On it (JetStream would drop
   * the message silently after it): dead-letter as `poison` and ack after the next lake flush, since part of
   * its rows may have reached the hot window before the throw.
   */
  private failed(m: JsMsg, table: string, err: unknown): void {
    const max = this.maxDeliver;
    let delivery = max;
    try { delivery = m.info.deliveryCount; } catch { /* no JetStream metadata: treat as the last delivery */ }
    if (delivery < max) {
      this.retriedTotal++;
      this.settle(m, 'nak');
      return;
    }
    this.poisonTotal++;
    this.deadLetter(m, table, 'poison', `handling failed on delivery ${delivery} of ${max}: ${errorText(err)}`);
    this.held.push(m);
  }

  private deadLetter(m: JsMsg, table: string, code: string, reason: string): void {
    this.deadLetteredTotal++;
    try {
      this.deadLetters.add(table, 'nats', code, reason, new TextDecoder().decode(m.data.subarray(0, RAW_BYTES_KEPT)));
    } catch (err) {
      this.o.onError?.(err);
    }
  }

  /** An ack or nak that throws (e.g. the connection is closing) only loses this settle; the server redelivers. */
  private settle(m: JsMsg, how: 'ack' | 'nak'): void {
    try {
      if (how === 'ack') { m.ack(); this.ackedTotal++; } else m.nak(this.o.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
    } catch (err) {
      this.o.onError?.(err);
    }
  }

  /**
   * Checkpoint hook for the lake flusher: takes the messages whose rows the flush is about to write and
   * returns the function that acks them once the write succeeded. Later messages wait for the next flush.
   */
  checkpoint(): () => void {
    const captured = this.held;
    this.held = [];
    return () => { for (const m of captured) this.settle(m, 'ack'); };
  }

  get heldCount(): number { return this.held.length; }

  status(): NatsStatus {
    return {
      messages: this.messagesTotal, acked: this.ackedTotal, awaitingFlush: this.held.length,
      deadLettered: this.deadLetteredTotal, poison: this.poisonTotal, retried: this.retriedTotal,
    };
  }

  /** Stops fetching; the connection stays open so a final flush can still ack what it persisted. */
  async stop(): Promise<void> {
    this.running = false;
    this.messages?.stop();
    await this.loop;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.nc?.drain();
    this.nc = null;
  }
}
