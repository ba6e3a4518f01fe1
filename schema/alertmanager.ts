// Prometheus Alertmanager's webhook payload (version 4), defined once: OpsDeck's receiver validates posts with it and
// the ticket webhook's Alertmanager format is typed by it, so what OpsDeck sends is what it would accept.
import { z } from 'zod';

/** As many alerts as the ingest API takes events in one call. */
export const MAX_ALERTS_PER_NOTIFICATION = 10_000;

const labelSet = z.record(z.string(), z.string());
const rfc3339 = z.iso.datetime({ offset: true });
export const alertStatusSchema = z.enum(['firing', 'resolved']);
export type AlertmanagerStatus = z.infer<typeof alertStatusSchema>;

/** One alert; checked on its own so a bad alert is one counted problem, not a refused notification. */
export const alertmanagerAlertSchema = z.object({
  status: alertStatusSchema,
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: rfc3339,
  /** Alertmanager sends 0001-01-01T00:00:00Z (or a planned end) while the alert fires. */
  endsAt: rfc3339.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

/** The notification envelope; unknown extra fields are allowed (Alertmanager adds some over versions, e.g. truncatedAlerts). */
export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', { error: 'only version "4" of the Alertmanager webhook payload is understood' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: alertStatusSchema,
  receiver: z.string(),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string(),
  alerts: z.array(z.unknown()).max(MAX_ALERTS_PER_NOTIFICATION),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
