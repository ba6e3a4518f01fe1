// Against the real NATS JetStream on 127.0.0.1:4222 (the production source); skipped, with the reason printed, when it is not running.
import net from 'node:net';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, describe, expect, it } from 'vitest';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { DeadLetterStore } from '../../pipelines/ingest/deadLetterStore.js';
import { IngestPipeline } from '../../pipelines/ingest/ingestPipeline.js';
import { NatsSource, decodePayload } from '../../pipelines/sources/natsSource.js';

const NATS = process.env.OPSDECK_TEST_NATS ?? 'nats://127.0.0.1:4222';

async function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(Number(u.port || 4222), u.hostname);
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    setTimeout(() => { s.destroy(); resolve(false); }, 1000);
  });
}

const up = await reachable(NATS);
if (!up) console.warn(`[natsSource.test] NATS not reachable at ${NATS}: JetStream tests skipped (the embedded path does not need it)`);

describe('decodePayload', () => {
  it('maps subjects to tables and rejects unknown subjects and bad JSON with reasons', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(decodePayload('p.kpi', 'p', enc('[{"a":1},{"a":2}]'))).toMatchObject({ ok: true, table: 'kpi', events: [{ a: 1 }, { a: 2 }] });
    expect(decodePayload('p.usage', 'p', enc('{"a":1}'))).toMatchObject({ ok: true, events: [{ a: 1 }] });
    expect(decodePayload('p.fault', 'p', enc('{}'))).toMatchObject({ ok: false, code: 'unknown_subject' });
    expect(decodePayload('p.kpi', 'p', enc('{oops'))).toMatchObject({ ok: false, code: 'bad_json' });
  });
});

describe.skipIf(!up)('NATS JetStream source (durable consumer, ack after persist)', () => {
  const run = `T${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const stream = `OPSDECK_TEST_${run}`;
  const prefix = `opsdeck.test.${run}`;
  const extraStreams: string[] = [];
  afterAll(async () => {
    const nc = await connect({ servers: NATS });
    const jsm = await jetstreamManager(nc);
    for (const s of [stream, ...extraStreams]) await jsm.streams.delete(s).catch(() => false);
    await nc.drain();
  });

  it('ingests every good event once, dead-letters bad ones, and acks only after the flush checkpoint', async () => {
    const NOW = Date.now();
    const hot = new HotWindow(24, NOW);
    const deadLetters = new DeadLetterStore(null);
    const ingest = new IngestPipeline({ hot, deadLetters, now: () => NOW, siteIds: new Set([1, 2]), accountIds: new Set([5]) });
    const src = new NatsSource(ingest, deadLetters, { servers: NATS, stream, subjectPrefix: prefix, durable: 'ingest', ackWaitMs: 30_000 });
    await src.start();

    const nc = await connect({ servers: NATS });
    const js = jetstream(nc);
    const kpi = (i: number) => ({ ts: NOW - 60_000 * (i + 1), site_id: 1 + (i % 2), latency_ms: 10, jitter_ms: 1, loss_pct: 0, dl_mbps: 100, ul_mbps: 20, prb_util: 0.3, active_users: 4 });
    await js.publish(`${prefix}.kpi`, JSON.stringify(Array.from({ length: 50 }, (_, i) => kpi(i))));
    await js.publish(`${prefix}.kpi`, JSON.stringify([kpi(0), { ...kpi(60), loss_pct: -1 }])); // a redelivered duplicate + a bad row
    await js.publish(`${prefix}.kpi`, 'not json');
    await js.publish(`${prefix}.fault`, '{}');

    const deadline = Date.now() + 10_000;
    while (src.messagesTotal < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(src.messagesTotal).toBe(4);
    expect(hot.count('kpi', {})).toBe(50);
    expect(deadLetters.counts()).toEqual({ 'kpi.duplicate': 1, 'kpi.out_of_range': 1, 'kpi.bad_json': 1, 'fault.unknown_subject': 1 });
    // Undecodable messages are acked at once (dead-lettered); ingested ones wait for durability.
    expect(src.ackedTotal).toBe(2);
    expect(src.heldCount).toBe(2);
    const commit = src.checkpoint();
    commit();
    expect(src.ackedTotal).toBe(4);
    await src.close();
    const info = await (await jetstreamManager(nc)).consumers.info(stream, 'ingest');
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
    await nc.drain();
  });

  // Poison messages: one message whose handling throws must not hold back the others of its batch, and ends as
  // a counted dead letter, acked, after at most maxDeliver deliveries (JetStream drops it silently after that).
  const NOW = Date.now();
  const kpi = (i: number) => ({ ts: NOW - 60_000 * (i + 1), site_id: 1 + (i % 2), latency_ms: 10, jitter_ms: 1, loss_pct: 0, dl_mbps: 100, ul_mbps: 20, prb_util: 0.3, active_users: 4 });
  const DEPTH = 100_000;
  const deepPayload = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

  /** A fresh stream and durable per test, deleted in afterAll. */
  function names(tag: string) {
    const id = `${run}_${tag}`;
    extraStreams.push(`OPSDECK_TEST_${id}`);
    return { stream: `OPSDECK_TEST_${id}`, prefix: `opsdeck.test.${id}`, durable: `ingest_${tag}` };
  }

  function pipeline(deadLetters: DeadLetterStore) {
    const hot = new HotWindow(24, NOW);
    return { hot, ingest: new IngestPipeline({ hot, deadLetters, now: () => NOW, siteIds: new Set([1, 2]), accountIds: new Set([5]) }) };
  }

  async function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  async function publishBatch(prefix: string): Promise<void> {
    const nc = await connect({ servers: NATS });
    const js = jetstream(nc);
    await js.publish(`${prefix}.kpi`, JSON.stringify(Array.from({ length: 10 }, (_, i) => kpi(i))));
    await js.publish(`${prefix}.kpi`, deepPayload);
    await js.publish(`${prefix}.kpi`, JSON.stringify(Array.from({ length: 10 }, (_, i) => kpi(10 + i))));
    await nc.drain();
  }

  async function consumerInfo(s: string, durable: string) {
    const nc = await connect({ servers: NATS });
    const info = await (await jetstreamManager(nc)).consumers.info(s, durable);
    await nc.drain();
    return info;
  }

  it('dead-letters a 100k-deep nested array and still ingests the rest of its batch, acking all after the flush', async () => {
    const n = names('deep');
    const deadLetters = new DeadLetterStore(null);
    const { hot, ingest } = pipeline(deadLetters);
    const errors: unknown[] = [];
    const src = new NatsSource(ingest, deadLetters, {
      servers: NATS, stream: n.stream, subjectPrefix: n.prefix, durable: n.durable, ackWaitMs: 30_000, maxDeliver: 3, retryDelayMs: 50,
      onError: (e) => errors.push(e),
    });
    await src.start();
    await publishBatch(n.prefix);
    await waitFor(() => src.messagesTotal >= 3 && hot.count('kpi', {}) >= 20);
    expect(errors).toEqual([]);
    expect(hot.count('kpi', {})).toBe(20);
    expect(deadLetters.counts()).toEqual({ 'kpi.not_object': 1 });
    expect(deadLetters.recent(1)[0]!.raw.length).toBeLessThanOrEqual(2000);
    expect(src.status()).toMatchObject({ messages: 3, acked: 0, awaitingFlush: 3, retried: 0, poison: 0 });
    src.checkpoint()();
    expect(src.status()).toMatchObject({ acked: 3, awaitingFlush: 0 });
    await src.close();
    const info = await consumerInfo(n.stream, n.durable);
    expect(info).toMatchObject({ num_pending: 0, num_ack_pending: 0, num_redelivered: 0 });
    expect(info.config.max_deliver).toBe(3);
  });

  it('retries a message whose handling keeps throwing, then dead-letters it as poison and acks it, while its batch goes on', async () => {
    const n = names('poison');
    // The serializer this store had before (JSON.stringify): a 100k-deep event overflows the stack in add().
    class StackOverflowingDeadLetters extends DeadLetterStore {
      override add(table: string, source: string, code: string, reason: string, raw: unknown, atMs?: number): void {
        JSON.stringify(raw);
        super.add(table, source, code, reason, raw, atMs);
      }
    }
    const deadLetters = new StackOverflowingDeadLetters(null);
    const { hot, ingest } = pipeline(deadLetters);
    const src = new NatsSource(ingest, deadLetters, {
      servers: NATS, stream: n.stream, subjectPrefix: n.prefix, durable: n.durable, ackWaitMs: 30_000, maxDeliver: 3, retryDelayMs: 50,
    });
    await src.start();
    await publishBatch(n.prefix);
    // The valid messages do not wait for the poison one's retries.
    await waitFor(() => hot.count('kpi', {}) >= 20);
    expect(hot.count('kpi', {})).toBe(20);
    await waitFor(() => src.poisonTotal >= 1);
    // Delivered three times (maxDeliver): two naks, then dead-lettered with the error on the last delivery.
    expect(src.status()).toMatchObject({ messages: 5, retried: 2, poison: 1, deadLettered: 1, acked: 0, awaitingFlush: 3 });
    expect(deadLetters.counts()).toEqual({ 'kpi.poison': 1 });
    const d = deadLetters.recent(1)[0]!;
    expect(d.reason).toMatch(/delivery 3 of 3: .*call stack/i);
    expect(d.raw.length).toBeLessThanOrEqual(2000);
    // Rows go to the lake before any ack: nothing is acked until the flush checkpoint.
    src.checkpoint()();
    expect(src.status()).toMatchObject({ acked: 3, awaitingFlush: 0 });
    await src.close();
    const info = await consumerInfo(n.stream, n.durable);
    expect(info).toMatchObject({ num_pending: 0, num_ack_pending: 0, num_redelivered: 0 });
  });

  it('sets max_deliver on a durable consumer created without one', async () => {
    const n = names('upgrade');
    const nc = await connect({ servers: NATS });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: n.stream, subjects: [`${n.prefix}.>`] });
    await jsm.consumers.add(n.stream, { durable_name: n.durable, ack_policy: AckPolicy.Explicit, ack_wait: 30_000_000_000 });
    expect((await jsm.consumers.info(n.stream, n.durable)).config.max_deliver).toBe(-1);
    await nc.drain();
    const deadLetters = new DeadLetterStore(null);
    const src = new NatsSource(pipeline(deadLetters).ingest, deadLetters, {
      servers: NATS, stream: n.stream, subjectPrefix: n.prefix, durable: n.durable, ackWaitMs: 30_000, maxDeliver: 4,
    });
    await src.start();
    await src.close();
    expect((await consumerInfo(n.stream, n.durable)).config.max_deliver).toBe(4);
  });
});
