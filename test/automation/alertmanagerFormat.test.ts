// Ticket events as Alertmanager webhook payloads (OPSDECK_WEBHOOK_FORMAT=alertmanager): firing vs resolved per state,
// labels and annotations, a fingerprint stable for the ticket's life, and a body our own Alertmanager receiver accepts.
import { describe, expect, it } from 'vitest';
import { alertmanagerWebhookBody, ticketAlertStatus, ticketFingerprint } from '../../pipelines/heal/alertmanagerFormat.js';
import { WebhookNotifier } from '../../pipelines/heal/webhookNotifier.js';
import { alertmanagerPayloadSchema } from '../../schema/alertmanager.js';
import { alarmEventsFromPayload, siteDirectory } from '../../server/alertmanager/alertmanagerPayload.js';
import { loadConfig } from '../../server/config.js';
import type { Ticket, TicketEvent } from '../../schema/automation.js';

const OPENED = Date.UTC(2026, 10, 3, 8, 0);
const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  ticketId: 42, groupKey: 'latency-degradation|site_id=7', ruleId: 'latency-degradation', severity: 'major', state: 'open',
  title: 'Latency degrading at site 7', siteIds: [7], transportNodeId: 3, labels: { team: 'noc-east', 'rule.group': 'latency' },
  runbook: null, runbookRuleId: null, actionParams: null, openedAtMs: OPENED, updatedAtMs: OPENED, actedAtMs: null, actionDone: false,
  verifySinceMs: null, closedAtMs: null, acknowledgedBy: null, predictedBreachAtMs: null, firstBreachAtMs: null, cooldownUntilMs: null,
  holdsGroup: true, ...over,
}) as Ticket;
const event = (over: Partial<TicketEvent> = {}): TicketEvent => ({
  eventId: 1, ticketId: 42, atMs: OPENED, kind: 'transition', fromState: null, toState: 'open', actor: 'rule:latency-degradation',
  reason: 'p95 latency trending to breach in 25 min', data: null, ...over,
});

describe('Alertmanager webhook format of ticket events', () => {
  it('an open ticket is one firing alert labelled from the ticket, with the event reason as description', () => {
    const body = alertmanagerWebhookBody(ticket(), event());
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'opsdeck', truncatedAlerts: 0, externalURL: '' });
    expect(body.alerts).toHaveLength(1);
    const [a] = body.alerts;
    expect(a!.labels).toEqual({
      team: 'noc-east', rule_group: 'latency', alertname: 'latency-degradation', severity: 'major',
      site_id: '7', site_ids: '7', transport_node_id: '3', ticket_id: '42',
    });
    expect(a!.annotations).toEqual({ summary: 'Latency degrading at site 7', description: 'p95 latency trending to breach in 25 min', ticket_state: 'open', event_kind: 'transition' });
    expect(a).toMatchObject({ status: 'firing', startsAt: '2026-11-03T08:00:00.000Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: ticketFingerprint(ticket()) });
    expect(a!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(body.groupLabels).toEqual({ alertname: 'latency-degradation', ticket_id: '42' });
    expect(body.groupKey).toBe('{}:{alertname="latency-degradation", ticket_id="42"}');
    expect(body.commonLabels).toEqual(a!.labels);
  });

  it('firing while open, acting, verifying or escalated holding its group; resolved once resolved or released', () => {
    const status = (state: Ticket['state'], holdsGroup = true) => ticketAlertStatus({ state, holdsGroup });
    expect([status('open'), status('acting'), status('verifying'), status('escalated'), status('escalated', false), status('resolved', false)])
      .toEqual(['firing', 'firing', 'firing', 'firing', 'resolved', 'resolved']);
  });

  it('a resolved ticket ends at its close; a released escalated ticket at the release; the fingerprint never changes', () => {
    const closed = OPENED + 30 * 60_000;
    const resolved = alertmanagerWebhookBody(ticket({ state: 'resolved', holdsGroup: false, closedAtMs: closed, runbook: 'reroute' }),
      event({ atMs: closed + 5, toState: 'resolved', reason: 'latency back under target for 10 min' }));
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts[0]).toMatchObject({ status: 'resolved', endsAt: new Date(closed).toISOString(), startsAt: '2026-11-03T08:00:00.000Z' });
    expect(resolved.alerts[0]!.annotations).toMatchObject({ runbook: 'reroute', ticket_state: 'resolved', description: 'latency back under target for 10 min' });
    const releasedAt = OPENED + 3_600_000;
    const released = alertmanagerWebhookBody(ticket({ state: 'escalated', holdsGroup: false, closedAtMs: closed }), event({ atMs: releasedAt, kind: 'released' }));
    expect(released.alerts[0]).toMatchObject({ status: 'resolved', endsAt: new Date(releasedAt).toISOString() });
    expect(new Set([resolved, released, alertmanagerWebhookBody(ticket(), event())].map((b) => b.alerts[0]!.fingerprint)).size).toBe(1);
    expect(ticketFingerprint(ticket({ ticketId: 43 }))).not.toBe(ticketFingerprint(ticket()));
  });

  it('several sites: site_ids sorted, no single site_id; no transport node: no label', () => {
    const labels = alertmanagerWebhookBody(ticket({ siteIds: [9, 2, 5], transportNodeId: null }), event()).alerts[0]!.labels;
    expect(labels.site_ids).toBe('2,5,9');
    expect(labels).not.toHaveProperty('site_id');
    expect(labels).not.toHaveProperty('transport_node_id');
  });

  it('is a payload our own Alertmanager receiver accepts: the ticket becomes an alarm of its site, raised then cleared', () => {
    const sites = siteDirectory([{ site_id: 7, name: 'Site 7' }]);
    const raise = alarmEventsFromPayload(alertmanagerPayloadSchema.parse(alertmanagerWebhookBody(ticket(), event())), sites);
    const closed = OPENED + 600_000;
    const clear = alarmEventsFromPayload(alertmanagerPayloadSchema.parse(JSON.parse(JSON.stringify(
      alertmanagerWebhookBody(ticket({ state: 'resolved', holdsGroup: false, closedAtMs: closed }), event({ atMs: closed }))))), sites);
    expect(raise.problems).toEqual([]);
    expect(raise.events[0]!.event).toMatchObject({ site_id: 7, severity: 'major', probable_cause: 'Latency degrading at site 7', state: 'raised', ts: OPENED });
    expect(clear.events[0]!.event).toMatchObject({ state: 'cleared', ts: closed, alarm_id: raise.events[0]!.event.alarm_id });
  });
});

describe('webhook notifier format option', () => {
  const capture = async (format: 'opsdeck' | 'alertmanager' | undefined) => {
    const bodies: unknown[] = [];
    const n = new WebhookNotifier({
      url: 'http://hook.invalid/x', format,
      fetchImpl: (async (_u: unknown, init?: RequestInit) => { bodies.push(JSON.parse(String(init?.body))); return new Response('ok'); }) as typeof fetch,
    });
    n.notify({ ticket: ticket(), event: event() });
    for (let i = 0; i < 200 && !bodies.length; i++) await new Promise((r) => setTimeout(r, 5));
    n.close();
    return bodies[0] as Record<string, unknown>;
  };

  it('posts the Alertmanager payload with format alertmanager, OpsDeck JSON by default', async () => {
    expect(await capture('alertmanager')).toMatchObject({ version: '4', status: 'firing', alerts: [{ labels: { ticket_id: '42' } }] });
    expect(await capture(undefined)).toMatchObject({ type: 'ticket.transition', ticket: { ticketId: 42 } });
    expect(await capture('opsdeck')).toMatchObject({ type: 'ticket.transition' });
  });

  it('OPSDECK_WEBHOOK_FORMAT is read into the automation config, and a wrong value is a configuration error', () => {
    expect(loadConfig({}).automation?.webhookFormat).toBe('opsdeck');
    expect(loadConfig({ OPSDECK_WEBHOOK_FORMAT: 'alertmanager' }).automation?.webhookFormat).toBe('alertmanager');
    expect(() => loadConfig({ OPSDECK_WEBHOOK_FORMAT: 'slack' })).toThrow(/OPSDECK_WEBHOOK_FORMAT/);
  });
});
