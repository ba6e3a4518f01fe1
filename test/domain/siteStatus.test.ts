// The site status vocabulary: one status per site, the deciding figure named, counts equal to the statuses given.
import { describe, expect, it } from 'vitest';
import type { SiteAssuranceWithTrend } from '../../domain/assurance/fleetAssurance.js';
import type { ClassAssurance } from '../../domain/assurance/latencyAssurance.js';
import { countStatuses, needsAttention, siteStatusOf } from '../../domain/assurance/siteStatus.js';

function cls(p: Partial<ClassAssurance>): ClassAssurance {
  return {
    tierId: 1, name: 't', latencySlaMs: 30, uplinkSlaMbps: null, accounts: 1, compliantMinutes: 60, breachMinutes: 0, assurancePct: 100,
    uplinkCompliantMinutes: null, uplinkAssurancePct: null, objectiveMet: true, breachingNow: false, creditPct: 0, creditFen: 0, ...p,
  };
}
function site(p: Partial<SiteAssuranceWithTrend>, classes: ClassAssurance[] = [cls({})]): SiteAssuranceWithTrend {
  return {
    siteId: 1, dataStatus: 'complete', expectedMinutes: 60, measuredMinutes: 60, coveragePct: 100, currentP95LatencyMs: 12, classes,
    assurancePct: 100, uplinkAssurancePct: null, strictestSlaMs: 30, breachMinutes: 0, objectiveMet: true, creditsFen: 0, minutesToBreach: null, ...p,
  };
}

describe('site status', () => {
  it('no data is its own status, never met', () => {
    expect(siteStatusOf(null)).toEqual({ status: 'no_data', cause: null, value: null, target: null });
    expect(siteStatusOf(site({ objectiveMet: null, assurancePct: null })).status).toBe('no_data');
  });

  it('met: latency assurance against the objective', () => {
    expect(siteStatusOf(site({ assurancePct: 99.9 }))).toEqual({ status: 'met', cause: 'latency_assurance', value: 99.9, target: 99.5 });
  });

  it('breaching now wins over the window and names the p95 and the strictest target exceeded', () => {
    const v = siteStatusOf(site({ currentP95LatencyMs: 48, assurancePct: 99.9 }, [cls({ latencySlaMs: 30, breachingNow: true }), cls({ tierId: 2, latencySlaMs: 45, breachingNow: true }), cls({ tierId: 3, latencySlaMs: 80 })]));
    expect(v).toEqual({ status: 'breaching', cause: 'latency_now', value: 48, target: 30 });
  });

  it('below objective on uplink only: the headline is the uplink figure, not 100 % latency', () => {
    const v = siteStatusOf(site({ objectiveMet: false, assurancePct: 100, uplinkAssurancePct: 97.25 }));
    expect(v).toEqual({ status: 'below_objective', cause: 'uplink_assurance', value: 97.25, target: 99.5 });
  });

  it('below objective on both: the lower figure decides', () => {
    expect(siteStatusOf(site({ objectiveMet: false, assurancePct: 98, uplinkAssurancePct: 99 })).cause).toBe('latency_assurance');
    expect(siteStatusOf(site({ objectiveMet: false, assurancePct: 99, uplinkAssurancePct: 98 })).cause).toBe('uplink_assurance');
  });

  it('at risk: trend crossing the strictest target, only while the objective holds', () => {
    expect(siteStatusOf(site({ minutesToBreach: 12 }))).toEqual({ status: 'at_risk', cause: 'latency_trend', value: 12, target: 30 });
    expect(siteStatusOf(site({ minutesToBreach: 12, objectiveMet: false, assurancePct: 99 })).status).toBe('below_objective');
  });

  it('counts one status per site', () => {
    const c = countStatuses(['met', 'met', 'breaching', 'no_data', 'at_risk', 'below_objective', 'below_objective']);
    expect(c).toEqual({ breaching: 1, below_objective: 2, at_risk: 1, met: 2, no_data: 1 });
    expect(Object.values(c).reduce((a, b) => a + b, 0)).toBe(7);
    expect(['breaching', 'below_objective', 'at_risk', 'met', 'no_data'].filter((s) => needsAttention(s as never))).toEqual(['breaching', 'below_objective', 'at_risk']);
  });
});
