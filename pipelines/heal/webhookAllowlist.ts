// Which outbound webhook URLs are allowed: http(s) only, to a host (or host:port) on the configured allowlist.

/** OPSDECK_WEBHOOK_ALLOWLIST ('hooks.example.com, 10.0.0.5:8443') as lower-case entries. */
export function parseWebhookAllowlist(text: string): string[] {
  return text.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

/** Why `url` may not be a webhook target, or null when it may. */
export function webhookUrlProblem(url: string, allowlist: readonly string[]): string | null {
  let u: URL;
  try { u = new URL(url); } catch { return `'${url}' is not a URL`; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'webhooks are http(s) only';
  if (!allowlist.includes(u.host.toLowerCase()) && !allowlist.includes(u.hostname.toLowerCase())) {
    return `host '${u.host}' is not in OPSDECK_WEBHOOK_ALLOWLIST (${allowlist.join(', ') || 'empty'})`;
  }
  return null;
}
