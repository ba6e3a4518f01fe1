// Test helpers: hand-made detector outputs and rules, so rule and ticket logic can be tested without data.
import type { SiteFeatures } from '../../pipelines/detect/siteFeatures.js';
import { parseRulesYaml } from '../../pipelines/rules/ruleLoader.js';
import type { CompiledRule } from '../../pipelines/rules/ruleTypes.js';

export const MIN = 60_000;
export const T0 = Date.UTC(2030, 0, 2);

export function feat(p: Partial<SiteFeatures> & { site_id: number }): SiteFeatures {
  return {
    site_name: `S${p.site_id}`, tech: '5G', region: 'East', province: 'Zhejiang', transport_node_id: 0, has_data: true, stale_minutes: 0, baseline_ready: true, baseline_samples: 105, day_type: 'workday', sla_ms: 30,
    latency_ms: 12, latency_base_ms: 12, latency_excess_ms: 0, latency_z: 0, latency_slope_ms_per_min: 0, time_to_breach_min: 1e9,
    breaching: false, anomalous_minutes: 0, jitter_ms: 1, jitter_excess_ms: 0, jitter_z: 0, loss_pct: 0.05, loss_excess_pct: 0, loss_z: 0,
    dl_change: 0, dl_z: 0, ul_change: 0, ul_z: 0, prb_util: 0.4, prb_excess: 0, prb_z: 0, users_change: 0, users_z: 0,
    latency_score: 0, jitter_score: 0, loss_score: 0, dl_score: 0, ul_score: 0, prb_score: 0, users_score: 0,
    anomaly_score: 0, co_anomaly_score: 0, drop_score: 0, kpis_moved: 0, moved_kpis: '',
    loss_per_latency: 0, jitter_per_latency: 0, prb_per_latency: 0, ul_drop_per_latency: 0, dl_drop_per_latency: 0, users_per_latency: 0,
    node_sites: 1, node_anomalous_sites: 0, node_anomalous_share: 0, node_correlated: false, critical_alarms: 0, major_alarms: 0,
    alarm_causes: [],
    ...p,
  };
}

export function rule(yaml: string): CompiledRule {
  const r = parseRulesYaml(yaml, 'test.yaml');
  if (r.problems.length) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.rules[0]!;
}

/** A rule on latency_z with the given for / keep_firing_for / runbook. */
export function zRule(id: string, o: { for?: string; keep?: string; runbook?: string; cooldown?: string; groupBy?: string } = {}): CompiledRule {
  return rule(`id: ${id}
when: "latency_z >= 4"
for: ${o.for ?? '0m'}
${o.keep ? `keep_firing_for: ${o.keep}` : ''}
group_by: [${o.groupBy ?? 'site_id'}]
${o.runbook ? `action:\n  runbook: ${o.runbook}\n  params:\n    site_id: "{{site_id}}"\nverify:\n  when: "latency_z < 3"\n  for: 2m\n  within: 10m` : ''}
cooldown: ${o.cooldown ?? '30m'}
`);
}
