// Which outbound webhook URLs are allowed: http(s) only, to a host (or host:port) on the configured allowlist, and never
// to a link-local or unspecified address (cloud metadata services live there) even when someone allow-lists one.

/** OPSDECK_WEBHOOK_ALLOWLIST ('hooks.example.com, 10.0.0.5:8443') as lower-case entries. */
export function parseWebhookAllowlist(text: string): string[] {
  return text.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

/** Metadata endpoints reachable by name as well as by address. */
const FORBIDDEN_HOSTNAMES = new Set(['metadata.google.internal', 'metadata']);

/** The IPv4 address of an IPv4-mapped IPv6 host as the URL parser normalises it ('[::ffff:a9fe:a9fe]'), else null. */
function mappedIpv4(hostname: string): string | null {
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(hostname);
  if (!m) return null;
  const hi = parseInt(m[1]!, 16), lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Why a (URL-normalised, lower-case) hostname is never a webhook target, or null. */
function forbiddenHost(hostname: string): string | null {
  if (FORBIDDEN_HOSTNAMES.has(hostname)) return 'is a cloud metadata endpoint';
  // The WHATWG URL parser has already turned decimal, octal and hex IPv4 forms into dotted quads.
  const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(hostname) ? hostname : mappedIpv4(hostname);
  if (v4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    if (a === 169 && b === 254) return 'is a link-local address (169.254.0.0/16)';
    if (a === 0) return 'is an unspecified address (0.0.0.0/8)';
    return null;
  }
  if (hostname.startsWith('[')) {
    const v6 = hostname.slice(1, -1);
    if (/^fe[89ab][0-9a-f]?:/.test(v6)) return 'is a link-local address (fe80::/10)';
    if (v6 === '::') return 'is the unspecified address (::)';
  }
  return null;
}

/** Why `url` may not be a webhook target, or null when it may. */
export function webhookUrlProblem(url: string, allowlist: readonly string[]): string | null {
  let u: URL;
  try { u = new URL(url); } catch { return `'${url}' is not a URL`; }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'webhooks are http(s) only';
  const forbidden = forbiddenHost(u.hostname.toLowerCase());
  if (forbidden) return `host '${u.host}' ${forbidden}: never a webhook target`;
  if (!allowlist.includes(u.host.toLowerCase()) && !allowlist.includes(u.hostname.toLowerCase())) {
    return `host '${u.host}' is not in OPSDECK_WEBHOOK_ALLOWLIST (${allowlist.join(', ') || 'empty'})`;
  }
  return null;
}
