// Production event source: a durable JetStream pull consumer feeding ingest, acknowledging a message
// only once the rows it carried are persisted in the lake (at-least-once; ingest is idempotent).
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
  onError?: (err: unknown) => void;
}

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

export type NatsStatus = { messages: number; acked: number; awaitingFlush: number };

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

  constructor(private readonly ingest: IngestPipeline, private readonly deadLetters: DeadLetterStore,
    private readonly o: NatsSourceOptions) {}

  async start(): Promise<void> {
    this.nc = await connect({ servers: this.o.servers, name: 'opsdeck-ingest' });
    const jsm = await jetstreamManager(this.nc);
    const subjects = [`${this.o.subjectPrefix}.>`];
    try { await jsm.streams.info(this.o.stream); } catch { await jsm.streams.add({ name: this.o.stream, subjects }); }
    try { await jsm.consumers.info(this.o.stream, this.o.durable); } catch {
      await jsm.consumers.add(this.o.stream, {
        durable_name: this.o.durable, ack_policy: AckPolicy.Explicit, ack_wait: this.o.ackWaitMs * 1_000_000,
        max_ack_pending: 100_000,
      });
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

  private handle(m: JsMsg): void {
    this.messagesTotal++;
    const d = decodePayload(m.subject, this.o.subjectPrefix, m.data);
    if (!d.ok) {
      // Never silently dropped: dead-lettered with the raw payload, then acked so it is not redelivered forever.
      this.deadLetters.add(d.table, 'nats', d.code, d.reason, new TextDecoder().decode(m.data.slice(0, 2000)));
      m.ack();
      this.ackedTotal++;
      return;
    }
    this.ingest.ingest(d.table, d.events, 'nats');
    this.held.push(m);
  }

  /**
   * Checkpoint hook for the lake flusher: takes the messages whose rows the flush is about to write and
   * returns the function that acks them once the write succeeded. Later messages wait for the next flush.
   */
  checkpoint(): () => void {
    const captured = this.held;
    this.held = [];
    return () => {
      for (const m of captured) m.ack();
      this.ackedTotal += captured.length;
    };
  }

  get heldCount(): number { return this.held.length; }

  status(): NatsStatus { return { messages: this.messagesTotal, acked: this.ackedTotal, awaitingFlush: this.held.length }; }

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
