// One POST of a rendered report to a webhook target: JSON with the PDF inline (base64), so the receiver needs no
// credentials to fetch it, signed with HMAC-SHA256 when a secret is configured.
import { createHash } from 'node:crypto';
import type { ReportDefinition, ReportPeriod } from '../../schema/executive.js';
import { webhookSignature as reportSignature } from '../../pipelines/heal/webhookSignature.js';

export const REPORT_SIGNATURE_HEADER = 'x-opsdeck-signature';

export interface ReportWebhookBody {
  type: 'report.rendered';
  runId: number;
  definitionId: string;
  title: string;
  period: string;
  periodFromMs: number;
  periodToMs: number;
  pdfBytes: number;
  pdfSha256: string;
  pdfBase64: string;
}

export function reportWebhookBody(runId: number, def: ReportDefinition, period: ReportPeriod, pdf: Uint8Array): ReportWebhookBody {
  return {
    type: 'report.rendered', runId, definitionId: def.id, title: def.title, period: period.label,
    periodFromMs: period.fromMs, periodToMs: period.toMs, pdfBytes: pdf.byteLength,
    pdfSha256: createHash('sha256').update(pdf).digest('hex'), pdfBase64: Buffer.from(pdf).toString('base64'),
  };
}

export interface PostOptions { secret: string | null; timeoutMs: number; fetchImpl?: typeof fetch }

/** Posts once; throws an Error whose message is the reason (HTTP status or network error) on failure. */
export async function postReportWebhook(url: string, body: ReportWebhookBody, o: PostOptions): Promise<void> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-opsdeck-run-id': String(body.runId) };
  if (o.secret) headers[REPORT_SIGNATURE_HEADER] = reportSignature(text, o.secret);
  let res: Response;
  try {
    res = await (o.fetchImpl ?? fetch)(url, { method: 'POST', headers, body: text, signal: AbortSignal.timeout(o.timeoutMs) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new Error(`${(e as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  // The body is drained either way so the connection can be reused.
  const reply = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`HTTP ${res.status}${reply ? `: ${reply.slice(0, 200)}` : ''}`);
}
