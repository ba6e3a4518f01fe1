// `POST /alertmanager/webhook`: Prometheus Alertmanager's webhook receiver. Each alert becomes an `alarm` event on the
// durable ingest path (source `alertmanager`); alerts that cannot be mapped are dead-lettered, counted and reported.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DurableIngest } from '../../pipelines/ingest/durableIngest.js';
import type { DeadLetterStore } from '../../pipelines/ingest/deadLetterStore.js';
import { UnavailableError } from '../../schema/domainErrors.js';
import type { Site } from '../../schema/tables.js';
import { alertmanagerPayloadSchema } from '../../schema/alertmanager.js';
import { alarmEventsFromPayload, siteDirectory, zodIssues, type AlertProblem } from './alertmanagerPayload.js';

export const ALERTMANAGER_WEBHOOK_PATH = '/alertmanager/webhook';
export const ALERTMANAGER_SOURCE = 'alertmanager';

export interface AlertmanagerRouteDeps {
  durableIngest: DurableIngest;
  deadLetters: DeadLetterStore;
  sites: () => Promise<readonly Pick<Site, 'site_id' | 'name'>[]>;
  /** Product time, stamped on dead letters as ingest stamps them. */
  now: () => number;
}

/** What the Alertmanager receiver has handled since the process started. */
export interface AlertmanagerReceiverStats {
  /** Notifications answered 200 / refused with 400 (not JSON, not an Alertmanager payload). */
  notificationsAccepted: number;
  notificationsRefused: number;
  /** Alerts turned into alarm events and accepted, dropped as already received, or rejected (unmappable or invalid). */
  alertsAccepted: number;
  alertsDuplicate: number;
  alertsRejected: number;
}

/** A problem of the whole notification rather than of one alert (index null). */
type ReceiverProblem = Omit<AlertProblem, 'index' | 'code'> & { index: number | null; code: AlertProblem['code'] | 'refused_by_ingest' };

export interface AlertmanagerResponse {
  /** accepted + rejected = the alerts posted; rejected counts duplicates too, as the ingest API does. */
  accepted: number;
  rejected: number;
  duplicates: number;
  problems: ReceiverProblem[];
}

/**
 * Registers the receiver in its own plugin scope, whose JSON parser hands over the raw text: a body that is not JSON is
 * then counted and dead-lettered like any other refused notification instead of failing inside fastify.
 */
export async function registerAlertmanagerRoute(app: FastifyInstance, d: AlertmanagerRouteDeps): Promise<AlertmanagerReceiverStats> {
  const stats: AlertmanagerReceiverStats = { notificationsAccepted: 0, notificationsRefused: 0, alertsAccepted: 0, alertsDuplicate: 0, alertsRejected: 0 };

  const refuse = (reply: FastifyReply, error: string, raw: unknown) => {
    stats.notificationsRefused++;
    d.deadLetters.add('alarm', ALERTMANAGER_SOURCE, 'bad_payload', error, raw, d.now());
    return reply.code(400).send({ error });
  };

  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    scope.post(ALERTMANAGER_WEBHOOK_PATH, { config: { permission: 'ingest.write' } }, async (req, reply) => {
      let body: unknown;
      try { body = JSON.parse(String(req.body ?? '')); } catch (e) {
        return refuse(reply, `body is not JSON: ${e instanceof Error ? e.message : String(e)}`, req.body);
      }
      const payload = alertmanagerPayloadSchema.safeParse(body);
      if (!payload.success) return refuse(reply, `not an Alertmanager webhook payload (version 4): ${zodIssues(payload.error)}`, body);

      const mapped = alarmEventsFromPayload(payload.data, siteDirectory(await d.sites()));
      const atMs = d.now();
      for (const { problem, raw } of mapped.problems) d.deadLetters.add('alarm', ALERTMANAGER_SOURCE, problem.code, problem.message, raw, atMs);
      let r = { accepted: 0, rejected: 0, duplicates: 0 };
      if (mapped.events.length) {
        try {
          r = await d.durableIngest.ingest('alarm', mapped.events.map((e) => e.event), ALERTMANAGER_SOURCE);
        } catch (err) {
          // Not durable, so not acknowledged: a 5xx makes Alertmanager retry the notification.
          if (err instanceof UnavailableError) return reply.code(503).send({ error: err.message });
          throw err;
        }
      }
      // What mapping could not check (the hot window's time range) ingest refuses and dead-letters with the reason.
      const refused = r.rejected - r.duplicates;
      const problems: ReceiverProblem[] = mapped.problems.map((p) => p.problem);
      if (refused > 0) {
        problems.push({
          index: null, alertname: null, fingerprint: null, code: 'refused_by_ingest',
          message: `${refused} alarm event(s) refused by ingest validation (e.g. older than the hot window or in the future); ` +
            `the reasons are in the dead letters of table alarm, source ${ALERTMANAGER_SOURCE}`,
        });
      }
      stats.notificationsAccepted++;
      stats.alertsAccepted += r.accepted;
      stats.alertsDuplicate += r.duplicates;
      stats.alertsRejected += mapped.problems.length + refused;
      const answer: AlertmanagerResponse = { accepted: r.accepted, rejected: mapped.problems.length + r.rejected, duplicates: r.duplicates, problems };
      return reply.header('cache-control', 'no-store').send(answer);
    });
  });
  return stats;
}
