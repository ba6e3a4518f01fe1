// Against the real NATS JetStream on 127.0.0.1:4222 (the production source); skipped, with the reason printed, when it is not running.
import net from 'node:net';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
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
  afterAll(async () => {
    const nc = await connect({ servers: NATS });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
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
});
