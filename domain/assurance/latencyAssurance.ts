// Per-site latency and uplink assurance over a window (DESIGN.md "Definitions"), SLA objective and credits owed.
//
// Definitions used here (also in README "NOC live map"):
// - A *minute* is a UTC minute with at least one KPI sample of the site; several samples in one
//   minute count once, judged by the worst (highest latency, lowest uplink).
// - Latency assurance of a service class at a site = compliant minutes / measured minutes, where a
//   compliant minute has latency_ms <= the class's latency_sla_ms and a breach minute is above it.
//   Minutes without a sample are neither: they lower `coveragePct`, never the assurance, and a site
//   with no sample at all has assurance null ("no data", never 100%).
// - Uplink assurance (classes with uplink_sla_mbps) = minutes with ul_mbps >= target / measured.
// - The SLA objective (default 99.5 %) is met when both assurances are >= it.
// - Credits (exposure): a class below objective owes each affected account (accounts whose usage
//   was served at the site in the window) a share of its monthly fee by band of the worse
//   assurance: < 99.5 % -> 10 %, < 99 % -> 25 %, < 95 % -> 50 %. The line credit is
//   sum(monthly_fee_fen) x pct / 100, rounded once, half-up, in integer fen.

export const MINUTE_MS = 60_000;

export interface AssurancePolicy {
  /** Percent of compliant minutes at or above which the SLA objective is met. */
  objectivePct: number;
  /** Credit bands, checked in order: the first `belowPct` the assurance is under sets the percent of fee. */
  creditBands: ReadonlyArray<{ belowPct: number; creditPct: number }>;
  /** A window with less coverage than this is flagged `partial`. */
  partialBelowCoveragePct: number;
  /** Trailing minutes over which "current" p95 latency is taken. */
  currentMinutes: number;
}

export const DEFAULT_ASSURANCE_POLICY: AssurancePolicy = {
  objectivePct: 99.5,
  // creditPctFor picks the deepest band the value falls into, whatever the order here.
  creditBands: [
    { belowPct: 95, creditPct: 50 },
    { belowPct: 99, creditPct: 25 },
    { belowPct: 99.5, creditPct: 10 },
  ],
  partialBelowCoveragePct: 95,
  currentMinutes: 15,
};

/** A service class (tier) served at a site, with the accounts it covers there. */
export interface ServedClass {
  tierId: number;
  name: string;
  latencySlaMs: number;
  uplinkSlaMbps: number | null;
  /** Distinct accounts of this tier whose usage was served at the site in the window. */
  accounts: number;
  /** Sum of those accounts' monthly_fee_fen. */
  monthlyFeeFen: number;
}

/** Minute counts of one site against each served class (from TS `countSiteMinutes` or from SQL). */
export interface SiteMinuteCounts {
  siteId: number;
  measuredMinutes: number;
  /** Per served tier: minutes with latency <= its SLA, and minutes with uplink >= its guarantee. */
  byTier: ReadonlyMap<number, { latencyCompliant: number; uplinkCompliant: number | null }>;
  /** p95 (nearest rank) of the per-minute latency over the trailing `currentMinutes`; null without samples. */
  currentP95LatencyMs: number | null;
}

export type DataStatus = 'no_data' | 'partial' | 'complete';

export interface ClassAssurance {
  tierId: number;
  name: string;
  latencySlaMs: number;
  uplinkSlaMbps: number | null;
  accounts: number;
  compliantMinutes: number;
  breachMinutes: number;
  /** null when the site has no sample in the window. */
  assurancePct: number | null;
  uplinkCompliantMinutes: number | null;
  uplinkAssurancePct: number | null;
  /** null when no data. */
  objectiveMet: boolean | null;
  /** Current p95 latency is above this class's target. */
  breachingNow: boolean;
  creditPct: number;
  creditFen: number;
}

export interface SiteAssurance {
  siteId: number;
  dataStatus: DataStatus;
  expectedMinutes: number;
  measuredMinutes: number;
  coveragePct: number;
  currentP95LatencyMs: number | null;
  classes: ClassAssurance[];
  /** Headline figure: assurance against the strictest class served (the lowest of the classes). */
  assurancePct: number | null;
  /** Lowest uplink assurance among classes with an uplink guarantee; null when none is served or no data. */
  uplinkAssurancePct: number | null;
  /** Strictest latency target served; null when no class is served. */
  strictestSlaMs: number | null;
  breachMinutes: number;
  /** null when no data; true when no class is served (nothing promised). */
  objectiveMet: boolean | null;
  creditsFen: number;
}

export interface AssuranceWindow { fromMs: number; toMs: number }

/** Minutes in [fromMs, toMs) that can hold a sample: UTC minute starts inside the window. */
export function expectedMinutes(w: AssuranceWindow): number {
  if (!(w.toMs > w.fromMs)) return 0;
  return Math.ceil(w.toMs / MINUTE_MS) - Math.ceil(w.fromMs / MINUTE_MS);
}

/** Integer fen, half-up (amounts are non-negative). */
export function roundHalfUpFen(x: number): number {
  // The epsilon absorbs binary noise such as 0.5 arriving as 0.49999999999.
  return Math.floor(x + 0.5 + 1e-9);
}

export function creditPctFor(assurancePct: number | null, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): number {
  if (assurancePct === null || assurancePct >= policy.objectivePct) return 0;
  const bands = [...policy.creditBands].sort((a, b) => a.belowPct - b.belowPct);
  for (const b of bands) if (assurancePct < b.belowPct) return b.creditPct;
  return 0;
}

function pct(part: number, whole: number): number | null {
  return whole > 0 ? (100 * part) / whole : null;
}

/** Nearest-rank percentile of unsorted values (null when empty). */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Judges one site's minute counts against the classes served there. */
export function assessSite(
  w: AssuranceWindow, counts: SiteMinuteCounts, served: readonly ServedClass[], policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
): SiteAssurance {
  const expected = expectedMinutes(w);
  const measured = counts.measuredMinutes;
  const coverage = expected > 0 ? Math.min(100, (100 * measured) / expected) : 0;
  const dataStatus: DataStatus = measured === 0 ? 'no_data' : coverage < policy.partialBelowCoveragePct ? 'partial' : 'complete';
  const classes: ClassAssurance[] = [...served].sort((a, b) => a.latencySlaMs - b.latencySlaMs || a.tierId - b.tierId).map((c) => {
    const k = counts.byTier.get(c.tierId);
    const compliant = measured > 0 ? (k?.latencyCompliant ?? 0) : 0;
    const assurancePct = pct(compliant, measured);
    const upCompliant = c.uplinkSlaMbps === null ? null : measured > 0 ? (k?.uplinkCompliant ?? 0) : 0;
    const uplinkAssurancePct = upCompliant === null ? null : pct(upCompliant, measured);
    const worst = assurancePct === null ? null : Math.min(assurancePct, uplinkAssurancePct ?? Infinity);
    const objectiveMet = worst === null ? null : worst >= policy.objectivePct;
    const creditPct = creditPctFor(worst, policy);
    return {
      tierId: c.tierId, name: c.name, latencySlaMs: c.latencySlaMs, uplinkSlaMbps: c.uplinkSlaMbps, accounts: c.accounts,
      compliantMinutes: compliant, breachMinutes: measured - compliant, assurancePct,
      uplinkCompliantMinutes: upCompliant, uplinkAssurancePct, objectiveMet,
      breachingNow: counts.currentP95LatencyMs !== null && counts.currentP95LatencyMs > c.latencySlaMs,
      creditPct, creditFen: roundHalfUpFen((c.monthlyFeeFen * creditPct) / 100),
    };
  });
  const strictest = classes[0] ?? null;
  let headline: number | null = null;
  for (const c of classes) if (c.assurancePct !== null && (headline === null || c.assurancePct < headline)) headline = c.assurancePct;
  return {
    siteId: counts.siteId, dataStatus, expectedMinutes: expected, measuredMinutes: measured, coveragePct: coverage,
    currentP95LatencyMs: counts.currentP95LatencyMs,
    classes,
    assurancePct: headline,
    uplinkAssurancePct: classes.reduce<number | null>((m, c) => (c.uplinkAssurancePct === null ? m : m === null ? c.uplinkAssurancePct : Math.min(m, c.uplinkAssurancePct)), null),
    strictestSlaMs: strictest?.latencySlaMs ?? null,
    breachMinutes: strictest?.breachMinutes ?? 0,
    objectiveMet: measured === 0 ? null : classes.every((c) => c.objectiveMet !== false),
    creditsFen: classes.reduce((s, c) => s + c.creditFen, 0),
  };
}

/** Raw KPI samples of one site (any order). */
export interface SiteSamples {
  tsMs: ArrayLike<number>;
  latencyMs: ArrayLike<number>;
  ulMbps: ArrayLike<number>;
}

/**
 * Counts measured / compliant minutes of one site's raw samples inside the window, against the
 * latency and uplink targets of the served classes. The TS twin of the browser's SQL counting.
 */
export function countSiteMinutes(
  siteId: number, w: AssuranceWindow, s: SiteSamples, served: readonly ServedClass[], policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
): SiteMinuteCounts {
  // Worst value per minute: latency max, uplink min.
  const perMinute = new Map<number, { lat: number; ul: number }>();
  for (let i = 0; i < s.tsMs.length; i++) {
    const ts = s.tsMs[i]!;
    if (ts < w.fromMs || ts >= w.toMs) continue;
    const m = Math.floor(ts / MINUTE_MS);
    const cur = perMinute.get(m);
    const lat = s.latencyMs[i]!, ul = s.ulMbps[i]!;
    if (!cur) perMinute.set(m, { lat, ul });
    else { cur.lat = Math.max(cur.lat, lat); cur.ul = Math.min(cur.ul, ul); }
  }
  const byTier = new Map<number, { latencyCompliant: number; uplinkCompliant: number | null }>();
  for (const c of served) {
    let lat = 0, up = 0;
    for (const v of perMinute.values()) {
      if (v.lat <= c.latencySlaMs) lat++;
      if (c.uplinkSlaMbps !== null && v.ul >= c.uplinkSlaMbps) up++;
    }
    byTier.set(c.tierId, { latencyCompliant: lat, uplinkCompliant: c.uplinkSlaMbps === null ? null : up });
  }
  const lastMinute = Math.ceil(w.toMs / MINUTE_MS) - 1;
  const recent: number[] = [];
  for (const [m, v] of perMinute) if (m > lastMinute - policy.currentMinutes) recent.push(v.lat);
  return { siteId, measuredMinutes: perMinute.size, byTier, currentP95LatencyMs: nearestRankPercentile(recent, 95) };
}

/** Network-wide roll-up: how many sites are below objective, how many have no data, credits owed. */
export interface FleetAssurance {
  sites: number;
  belowObjective: number;
  met: number;
  noData: number;
  breachingNow: number;
  creditsFen: number;
}

export function summarizeFleet(sites: readonly SiteAssurance[]): FleetAssurance {
  const out: FleetAssurance = { sites: sites.length, belowObjective: 0, met: 0, noData: 0, breachingNow: 0, creditsFen: 0 };
  for (const s of sites) {
    if (s.objectiveMet === null) out.noData++;
    else if (s.objectiveMet) out.met++;
    else out.belowObjective++;
    if (s.classes.some((c) => c.breachingNow)) out.breachingNow++;
    out.creditsFen += s.creditsFen;
  }
  return out;
}
