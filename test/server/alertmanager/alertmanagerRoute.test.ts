// POST /alertmanager/webhook on a real runtime through buildApp: alerts become alarms of their sites on the durable
// ingest path, re-sent notifications are duplicates, bad alerts and bad bodies are dead-lettered, counted and explained.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { appRouter } from '../../../server/trpc/appRouter.js';
import { t } from '../../../server/trpc/trpc.js';
import { startRouterContext, type RouterContext } from '../routerContext.js';

const URL_PATH = '/alertmanager/webhook';
const createCaller = t.createCallerFactory(appRouter);

describe('POST /alertmanager/webhook', () => {
  let rc: RouterContext;
  let app: FastifyInstance;
  let producer = '';
  let startsAt = '';
  let siteName = '';

  const alert = (labels: Record<string, string>, over: Record<string, unknown> = {}) => ({
    status: 'firing', labels: { alertname: 'BasebandDown', severity: 'critical', ...labels }, annotations: { summary: 'Baseband unit failure' },
    startsAt, endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus:9090/graph', fingerprint: `fp${JSON.stringify(labels)}`, ...over,
  });
  const notification = (alerts: unknown[], status = 'firing') => ({
    version: '4', groupKey: '{}:{alertname="BasebandDown"}', truncatedAlerts: 0, status, receiver: 'opsdeck',
    groupLabels: { alertname: 'BasebandDown' }, commonLabels: { alertname: 'BasebandDown' }, commonAnnotations: {}, externalURL: 'http://alertmanager:9093', alerts,
  });
  const post = (body: unknown, authorization = producer, contentType = 'application/json') => app.inject({
    method: 'POST', url: URL_PATH, headers: { authorization, 'content-type': contentType }, payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const openAlarms = async (siteId: number) =>
    (await createCaller(rc.ctx).noc.siteDetail({ siteId, windowMs: 3_600_000 })).openAlarms.filter((a) => a.probableCause === 'Baseband unit failure');

  beforeAll(async () => {
    rc = await startRouterContext();
    ({ app } = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 }));
    producer = await rc.bearer(['producer']);
    startsAt = new Date(rc.ctx.rt.clock.now() - 120_000).toISOString();
    siteName = (await rc.ctx.rt.noc.sites()).find((s) => s.site_id === 5)!.name;
  }, 120_000);
  afterAll(async () => { await app?.close(); await rc?.close(); });

  it('firing alerts raise alarms of their sites (by site_id or by name); unmappable ones are reported and dead-lettered', async () => {
    const res = await post(notification([alert({ site_id: '4' }), alert({ site: siteName }), alert({}), alert({ site_id: '99999' })]));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ accepted: number; rejected: number; duplicates: number; problems: { index: number; code: string; message: string }[] }>();
    expect(body).toMatchObject({ accepted: 2, rejected: 2, duplicates: 0 });
    expect(body.problems.map((p) => [p.index, p.code])).toEqual([[2, 'no_site'], [3, 'unknown_site']]);
    expect(await openAlarms(4)).toEqual([expect.objectContaining({ severity: 'critical', tsMs: Date.parse(startsAt) })]);
    expect(await openAlarms(5)).toHaveLength(1);
    const dead = rc.ctx.rt.deadLetters.recent(10).filter((d) => d.source === 'alertmanager');
    expect(dead.map((d) => `${d.table}.${d.code}`).sort()).toEqual(['alarm.no_site', 'alarm.unknown_site']);
    expect(JSON.parse(dead[0]!.raw)).toMatchObject({ labels: { alertname: 'BasebandDown' } });
  });

  it('a re-sent notification is counted as duplicates, never stored twice', async () => {
    const res = await post(notification([alert({ site_id: '4' }), alert({ site: siteName })]));
    expect(res.json()).toMatchObject({ accepted: 0, rejected: 2, duplicates: 2, problems: [] });
    expect(await openAlarms(4)).toHaveLength(1);
  });

  it('the resolved post clears the alarm it raised', async () => {
    const endsAt = new Date(rc.ctx.rt.clock.now() - 1000).toISOString();
    const res = await post(notification([alert({ site_id: '4' }, { status: 'resolved', endsAt })], 'resolved'));
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 0, duplicates: 0 });
    expect(await openAlarms(4)).toEqual([]);
    expect(await openAlarms(5)).toHaveLength(1);
  });

  it('an alert older than the hot window is refused by ingest and the answer says so', async () => {
    const old = new Date(rc.ctx.rt.hot.coverageStartMs - 3_600_000).toISOString();
    const res = await post(notification([alert({ site_id: '6' }, { startsAt: old })]));
    expect(res.json()).toMatchObject({ accepted: 0, rejected: 1, duplicates: 0, problems: [{ index: null, code: 'refused_by_ingest' }] });
  });

  it('a body that is not JSON or not an Alertmanager payload is 400 with the reason, dead-lettered and counted', async () => {
    const notJson = await post('{"version": "4", ');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<{ error: string }>().error).toMatch(/^body is not JSON/);
    const wrong = await post({ ...notification([]), version: '3' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: string }>().error).toMatch(/version: only version "4"/);
    expect((await post([1, 2])).statusCode).toBe(400);
    expect(rc.ctx.rt.deadLetters.counts()['alarm.bad_payload']).toBe(3);
    const metrics = await app.inject({ url: '/metrics', headers: { authorization: await rc.bearer(['noc']) } });
    expect(metrics.body).toContain('opsdeck_alertmanager_notifications_total{outcome="refused"} 3');
    expect(metrics.body).toContain('opsdeck_alertmanager_notifications_total{outcome="accepted"} 4');
    expect(metrics.body).toContain('opsdeck_alertmanager_alerts_total{outcome="accepted"} 3');
    expect(metrics.body).toContain('opsdeck_alertmanager_alerts_total{outcome="duplicate"} 2');
    expect(metrics.body).toContain('opsdeck_alertmanager_alerts_total{outcome="rejected"} 3');
  });

  it('needs ingest.write: anonymous 401, a NOC engineer 403', async () => {
    expect((await app.inject({ method: 'POST', url: URL_PATH, payload: notification([]) })).statusCode).toBe(401);
    expect((await post(notification([]), await rc.bearer(['noc']))).statusCode).toBe(403);
    expect((await post(notification([]))).json()).toEqual({ accepted: 0, rejected: 0, duplicates: 0, problems: [] });
  });
});
