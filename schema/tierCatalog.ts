// Default token-package catalog, from public 2026 operator offers (DESIGN.md "tier").
import type { Tier } from './tables.js';

const M = 1_000_000;
/** Pay-as-you-go: 1 RMB buys 400k tokens, i.e. 250 fen per million tokens. */
export const PAYG_FEN_PER_MTOK = 250;

export const DEFAULT_TIERS: readonly Tier[] = [
  { tier_id: 1, name: 'Family AI 9.9', segment: 'family', kind: 'monthly', monthly_fee_fen: 990, included_tokens: 10 * M, overage_fen_per_mtok: 300, cached_rate_pct: 25, latency_sla_ms: 100, uplink_sla_mbps: null },
  { tier_id: 2, name: 'AI Monthly 24.99', segment: 'family', kind: 'monthly', monthly_fee_fen: 2499, included_tokens: 10 * M, overage_fen_per_mtok: 250, cached_rate_pct: 25, latency_sla_ms: 80, uplink_sla_mbps: null },
  { tier_id: 3, name: 'One-time Pack 5.99', segment: 'family', kind: 'one_time', monthly_fee_fen: 599, included_tokens: 2 * M, overage_fen_per_mtok: PAYG_FEN_PER_MTOK, cached_rate_pct: 100, latency_sla_ms: 100, uplink_sla_mbps: null },
  { tier_id: 4, name: 'Developer 39.9', segment: 'developer', kind: 'monthly', monthly_fee_fen: 3990, included_tokens: 15 * M, overage_fen_per_mtok: 240, cached_rate_pct: 10, latency_sla_ms: 60, uplink_sla_mbps: null },
  { tier_id: 5, name: 'Developer Pro 159.9', segment: 'developer', kind: 'monthly', monthly_fee_fen: 15990, included_tokens: 70 * M, overage_fen_per_mtok: 220, cached_rate_pct: 10, latency_sla_ms: 50, uplink_sla_mbps: null },
  { tier_id: 6, name: 'SME 159.9', segment: 'sme', kind: 'monthly', monthly_fee_fen: 15990, included_tokens: 60 * M, overage_fen_per_mtok: 230, cached_rate_pct: 10, latency_sla_ms: 50, uplink_sla_mbps: null },
  { tier_id: 7, name: 'SME Max 299.9', segment: 'sme', kind: 'monthly', monthly_fee_fen: 29990, included_tokens: 150 * M, overage_fen_per_mtok: 200, cached_rate_pct: 10, latency_sla_ms: 40, uplink_sla_mbps: null },
  { tier_id: 8, name: 'Pay-as-you-go', segment: 'developer', kind: 'payg', monthly_fee_fen: 0, included_tokens: 0, overage_fen_per_mtok: PAYG_FEN_PER_MTOK, cached_rate_pct: 50, latency_sla_ms: 100, uplink_sla_mbps: null },
  { tier_id: 9, name: 'AI Glasses Assured 49.9', segment: 'family', kind: 'monthly', monthly_fee_fen: 4990, included_tokens: 20 * M, overage_fen_per_mtok: 250, cached_rate_pct: 25, latency_sla_ms: 30, uplink_sla_mbps: 20 },
  { tier_id: 10, name: 'Enterprise Assured 299.9', segment: 'enterprise', kind: 'monthly', monthly_fee_fen: 29990, included_tokens: 150 * M, overage_fen_per_mtok: 180, cached_rate_pct: 10, latency_sla_ms: 30, uplink_sla_mbps: 20 },
  { tier_id: 11, name: 'Gov Cloud AI 299.9', segment: 'government', kind: 'monthly', monthly_fee_fen: 29990, included_tokens: 150 * M, overage_fen_per_mtok: 180, cached_rate_pct: 10, latency_sla_ms: 40, uplink_sla_mbps: null },
];

/** The strictest latency target any service class promises: the line faults are judged against. */
export const STRICTEST_LATENCY_SLA_MS = Math.min(...DEFAULT_TIERS.map((t) => t.latency_sla_ms));
