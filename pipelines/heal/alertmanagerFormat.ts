// A ticket event as Prometheus Alertmanager's webhook payload (version 4), one alert per ticket, so receivers built for
// Alertmanager (chat bridges, paging services, incident tools) take OpsDeck's ticket webhook unchanged.
import { createHash } from 'node:crypto';
import { ACTIVE_TICKET_STATES, type Ticket, type TicketEvent } from '../../schema/automation.js';
import type { AlertmanagerAlert, AlertmanagerPayload, AlertmanagerStatus } from '../../schema/alertmanager.js';

/** What OpsDeck posts: the payload its own receiver validates, with every alert field filled in. */
export type AlertmanagerWebhookAlert = Required<AlertmanagerAlert>;
export type AlertmanagerWebhookBody = Omit<AlertmanagerPayload, 'alerts' | 'truncatedAlerts'> & { truncatedAlerts: number; alerts: AlertmanagerWebhookAlert[] };

export const ALERTMANAGER_RECEIVER = 'opsdeck';
/** Go's zero time: what Alertmanager sends as endsAt while an alert fires. */
const ZERO_TIME = '0001-01-01T00:00:00Z';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Firing while automation or people still have the problem: open, acting, verifying, and escalated while the escalated
 * ticket still holds its group (its alerts still fire). Resolved once the ticket resolved, or once an escalated ticket
 * released its group because its alerts cleared: for a receiver the problem is then over.
 */
export function ticketAlertStatus(t: Pick<Ticket, 'state' | 'holdsGroup'>): AlertmanagerStatus {
  if (ACTIVE_TICKET_STATES.includes(t.state)) return 'firing';
  return t.state === 'escalated' && t.holdsGroup ? 'firing' : 'resolved';
}

/** Stable for the ticket's whole life (id and open time never change), in Alertmanager's 16-hex-digit form. */
export function ticketFingerprint(t: Pick<Ticket, 'ticketId' | 'openedAtMs'>): string {
  return createHash('sha256').update(`opsdeck-ticket:${t.ticketId}:${t.openedAtMs}`).digest('hex').slice(0, 16);
}

/** Label names Prometheus accepts (others are rewritten with underscores, as relabelling would). */
const labelName = (k: string) => (LABEL_NAME.test(k) ? k : k.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^([0-9])/, '_$1'));

/**
 * The identity of the ticket as labels (what a receiver groups and deduplicates on; nothing here changes while the
 * ticket lives): the rule's group labels, then alertname = rule id, severity, the sites, transport node and ticket id.
 */
function ticketLabels(t: Ticket): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.labels)) labels[labelName(k)] = v;
  labels.alertname = t.ruleId;
  labels.severity = t.severity;
  if (t.siteIds.length === 1) labels.site_id = String(t.siteIds[0]);
  if (t.siteIds.length) labels.site_ids = [...t.siteIds].sort((a, b) => a - b).join(',');
  if (t.transportNodeId !== null) labels.transport_node_id = String(t.transportNodeId);
  labels.ticket_id = String(t.ticketId);
  return labels;
}

/** When the problem ended for the receiver: the ticket's close, or the release of an escalated ticket's group. */
function endedAtMs(t: Ticket, e: TicketEvent): number {
  return t.state === 'resolved' ? (t.closedAtMs ?? e.atMs) : e.atMs;
}

/** The notice of ticket event `e` (`t` as it is after the event). OpsDeck has no public-URL setting: the links are empty. */
export function alertmanagerWebhookBody(t: Ticket, e: TicketEvent): AlertmanagerWebhookBody {
  const status = ticketAlertStatus(t);
  const labels = ticketLabels(t);
  // Annotations may change between notices of one ticket: the latest event says what just happened.
  const annotations: Record<string, string> = {
    summary: t.title, description: e.reason, ticket_state: t.state, event_kind: e.kind,
    ...(t.runbook ? { runbook: t.runbook } : {}),
  };
  const groupLabels = { alertname: labels.alertname!, ticket_id: labels.ticket_id! };
  return {
    version: '4',
    groupKey: `{}:{alertname=${JSON.stringify(groupLabels.alertname)}, ticket_id=${JSON.stringify(groupLabels.ticket_id)}}`,
    truncatedAlerts: 0,
    status,
    receiver: ALERTMANAGER_RECEIVER,
    groupLabels,
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    alerts: [{
      status, labels, annotations,
      startsAt: new Date(t.openedAtMs).toISOString(),
      endsAt: status === 'resolved' ? new Date(endedAtMs(t, e)).toISOString() : ZERO_TIME,
      generatorURL: '',
      fingerprint: ticketFingerprint(t),
    }],
  };
}
