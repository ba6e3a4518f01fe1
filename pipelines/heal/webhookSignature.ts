// HMAC-SHA256 signatures of outbound webhooks (tickets and reports): `sha256=<hex>`, the form GitHub-style receivers
// verify; ticket webhooks sign "<unix seconds>.<body>" and send the timestamp too, so a captured request cannot be replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-opsdeck-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-opsdeck-timestamp';

/** `sha256=<hex HMAC-SHA256 of the exact text>`. */
export function webhookSignature(text: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;
}

/** The headers that sign `body` at `nowMs`: the timestamp (unix seconds) and the signature over "<timestamp>.<body>". */
export function timestampedSignatureHeaders(body: string, secret: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [WEBHOOK_TIMESTAMP_HEADER]: timestamp, [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(`${timestamp}.${body}`, secret) };
}

/**
 * What a receiver checks (here for tests and as the reference recipe): the signature matches "<timestamp>.<body>" in
 * constant time and the timestamp is within `toleranceSec` of the receiver's clock. Null when valid, else why not.
 */
export function timestampedSignatureProblem(
  body: string, headers: { signature?: string; timestamp?: string }, secret: string, nowMs: number, toleranceSec = 300,
): string | null {
  if (!headers.signature || !headers.timestamp) return 'missing signature or timestamp header';
  if (!/^\d{1,12}$/.test(headers.timestamp)) return 'malformed timestamp';
  if (Math.abs(nowMs / 1000 - Number(headers.timestamp)) > toleranceSec) return 'timestamp outside the tolerance (replayed or clock skew)';
  const expected = Buffer.from(webhookSignature(`${headers.timestamp}.${body}`, secret));
  const got = Buffer.from(headers.signature);
  return got.length === expected.length && timingSafeEqual(got, expected) ? null : 'signature mismatch';
}
