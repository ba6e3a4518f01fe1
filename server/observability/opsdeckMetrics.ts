// OpsDeck's series for /metrics: a pure mapping from one snapshot of the pipeline's counters to metric families.
import type { AlertmanagerReceiverStats } from '../alertmanager/alertmanagerRoute.js';
import type { AutomationStatus } from '../automation/automationService.js';
import type { LiveStats } from '../live/liveHub.js';
import type { WalStats } from '../../pipelines/ingest/ingestWal.js';
import { reasonKeyParts } from '../../pipelines/ingest/deadLetterStore.js';
import type { NatsStatus } from '../../pipelines/sources/natsSource.js';
import type { TicketState } from '../../schema/automation.js';
import type { FactTable } from '../../schema/tables.js';
import type { MetricFamily, MetricSample } from './promText.js';

export interface MetricsSnapshot {
  build: { version: string; node: string };
  startedAtMs: number;
  wallNowMs: number;
  /** Accepted events per table since the process started. */
  acceptedByTable: Readonly<Record<FactTable, number>>;
  /** Dead letters keyed `table.code`, kept across restarts (DeadLetterStore.counts()). */
  deadLettersByReason: Readonly<Record<string, number>>;
  /** Accepted rows in the hot window not yet written to the lake, and rows written since the start. */
  unflushedRows: number;
  flushedRows: number;
  wal: WalStats;
  hot: { bytes: number; budgetEvictions: number };
  live: LiveStats;
  nats: NatsStatus | null;
  /** Null when the closed loop is off; tickets are counted within the caller's data scope. */
  automation: { status: AutomationStatus; tickets: Readonly<Record<TicketState, number>> } | null;
  alertmanager: AlertmanagerReceiverStats;
}

const one = (value: number, labels?: Record<string, string>): MetricSample => ({ value, labels });
const counter = (name: string, help: string, samples: MetricSample[]): MetricFamily => ({ name, help, type: 'counter', samples });
const gauge = (name: string, help: string, samples: MetricSample[]): MetricFamily => ({ name, help, type: 'gauge', samples });

function deadLetterSamples(byReason: Readonly<Record<string, number>>): { table: string; reason: string; n: number }[] {
  return Object.entries(byReason).map(([key, n]) => {
    const { table, code } = reasonKeyParts(key);
    return { table, reason: code, n };
  });
}

function ingestFamilies(s: MetricsSnapshot): MetricFamily[] {
  const letters = deadLetterSamples(s.deadLettersByReason);
  const perTable = (keep: (reason: string) => boolean) => {
    const out = new Map<string, number>();
    for (const d of letters) if (keep(d.reason)) out.set(d.table, (out.get(d.table) ?? 0) + d.n);
    return [...out].map(([table, n]) => one(n, { table }));
  };
  return [
    counter('opsdeck_ingest_events_total', 'Events accepted by ingest since the process started, by fact table.',
      Object.entries(s.acceptedByTable).map(([table, n]) => one(n, { table }))),
    counter('opsdeck_ingest_rejected_total', 'Events rejected by validation (dead-lettered, duplicates excluded), by table; kept across restarts.',
      perTable((r) => r !== 'duplicate')),
    counter('opsdeck_ingest_duplicates_total', 'Events dropped as copies of one already accepted, by table; kept across restarts.',
      perTable((r) => r === 'duplicate')),
    counter('opsdeck_dead_letters_total', 'Dead letters by table and reason code (duplicates included); kept across restarts.',
      letters.map((d) => one(d.n, { table: d.table, reason: d.reason }))),
    gauge('opsdeck_lake_unflushed_rows', 'Accepted rows in the hot window waiting for the next lake flush.', [one(s.unflushedRows)]),
    counter('opsdeck_lake_flushed_rows_total', 'Live rows written to the lake since the process started.', [one(s.flushedRows)]),
    counter('opsdeck_wal_appends_total', 'Ingest API batches appended to the write-ahead log.', [one(s.wal.appends)]),
    counter('opsdeck_wal_commits_total', 'Write-ahead log group commits (one fdatasync each).', [one(s.wal.groupCommits)]),
    counter('opsdeck_wal_bytes_total', 'Bytes written to the write-ahead log.', [one(s.wal.bytes)]),
    counter('opsdeck_wal_failures_total', 'Write-ahead log writes that failed (their batches were not acknowledged).', [one(s.wal.failures)]),
    gauge('opsdeck_hot_window_bytes', 'Memory held by the hot window.', [one(s.hot.bytes)]),
    counter('opsdeck_hot_window_budget_evictions_total', 'Times the hot window shortened itself to stay within its memory budget.', [one(s.hot.budgetEvictions)]),
  ];
}

function natsFamilies(n: NatsStatus | null): MetricFamily[] {
  if (!n) return [];
  return [
    counter('opsdeck_nats_messages_total', 'NATS JetStream messages received.', [one(n.messages)]),
    counter('opsdeck_nats_acked_total', 'NATS messages acknowledged after the lake flush that persisted them.', [one(n.acked)]),
    gauge('opsdeck_nats_awaiting_flush_messages', 'NATS messages whose rows wait for the next lake flush before their ack.', [one(n.awaitingFlush)]),
    counter('opsdeck_nats_dead_lettered_total', 'NATS messages dead-lettered (undecodable or poison).', [one(n.deadLettered)]),
    counter('opsdeck_nats_retried_total', 'NATS messages left for redelivery after handling failed.', [one(n.retried)]),
  ];
}

function automationFamilies(a: MetricsSnapshot['automation']): MetricFamily[] {
  if (!a) return [];
  const { status } = a;
  const webhook = status.webhook;
  return [
    gauge('opsdeck_tickets', 'Tickets in the state store by state (within the data scope of the scraping user).',
      Object.entries(a.tickets).map(([state, n]) => one(n, { state }))),
    gauge('opsdeck_rule_tick_seconds', 'Duration of the last rule-engine tick (detectors, rules, ticket loop).', [one(status.lastTickMs / 1000)]),
    counter('opsdeck_rule_ticks_total', 'Rule-engine ticks since the process started.', [one(status.ticks)]),
    counter('opsdeck_rule_tick_errors_total', 'Rule-engine ticks that failed.', [one(status.tickErrors)]),
    gauge('opsdeck_rule_alerts', 'Rule alerts by phase.', [one(status.alerts.pending, { phase: 'pending' }), one(status.alerts.firing, { phase: 'firing' })]),
    counter('opsdeck_tickets_opened_total', 'Tickets opened since the process started.', [one(status.heal.opened)]),
    counter('opsdeck_tickets_resolved_total', 'Tickets resolved since the process started.', [one(status.heal.resolved)]),
    counter('opsdeck_tickets_escalated_total', 'Tickets escalated to people since the process started.', [one(status.heal.escalated)]),
    counter('opsdeck_remediation_actions_total', 'Runbook actions taken since the process started.', [one(status.heal.actions)]),
    ...(webhook ? [
      gauge('opsdeck_webhook_queue_depth', 'Ticket webhook notices waiting to be delivered.', [one(webhook.queued)]),
      counter('opsdeck_webhook_deliveries_total', 'Ticket webhook notices by outcome (sent, failed after every retry, dropped on a full queue).',
        [one(webhook.sent, { outcome: 'sent' }), one(webhook.failed, { outcome: 'failed' }), one(webhook.dropped, { outcome: 'dropped' })]),
      counter('opsdeck_webhook_retries_total', 'Ticket webhook delivery attempts retried.', [one(webhook.retried)]),
    ] : []),
  ];
}

export function opsdeckMetricFamilies(s: MetricsSnapshot): MetricFamily[] {
  const am = s.alertmanager;
  return [
    gauge('opsdeck_build_info', 'Build of the running server (always 1).', [one(1, { version: s.build.version, node: s.build.node })]),
    gauge('opsdeck_start_time_seconds', 'Unix time the server process started.', [one(s.startedAtMs / 1000)]),
    gauge('opsdeck_uptime_seconds', 'Seconds since the server process started.', [one(Math.max(0, (s.wallNowMs - s.startedAtMs) / 1000))]),
    ...ingestFamilies(s),
    ...natsFamilies(s.nats),
    gauge('opsdeck_live_clients', 'Live WebSocket subscribers.', [one(s.live.clients)]),
    counter('opsdeck_live_frames_sent_total', 'Live frames sent to subscribers.', [one(s.live.framesSent)]),
    counter('opsdeck_live_rows_sent_total', 'Rows sent in live frames.', [one(s.live.rowsSent)]),
    ...automationFamilies(s.automation),
    counter('opsdeck_alertmanager_notifications_total', 'Alertmanager webhook notifications by outcome (accepted, refused as malformed).',
      [one(am.notificationsAccepted, { outcome: 'accepted' }), one(am.notificationsRefused, { outcome: 'refused' })]),
    counter('opsdeck_alertmanager_alerts_total', 'Alerts received from Alertmanager by outcome (accepted, duplicate, rejected).',
      [one(am.alertsAccepted, { outcome: 'accepted' }), one(am.alertsDuplicate, { outcome: 'duplicate' }), one(am.alertsRejected, { outcome: 'rejected' })]),
  ];
}
