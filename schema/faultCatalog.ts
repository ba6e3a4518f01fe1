// The one catalog of fault kinds and the runbooks that remediate them: the fault table, rules, controller, scoring and
// simulator all read it. Adding a kind: an entry here, its simulated profile (pipelines/simulator/plan/faultProfiles.ts)
// and a rule that diagnoses it (pipelines/rules/default/*.yaml).

/** What a runbook acts on: the site a ticket covers, or the transport node its sites share. */
export type RunbookTarget = 'site' | 'transport_node';

export interface FaultKindInfo {
  /** The remediation that cures this kind (a wrong runbook changes nothing, so verification fails). */
  readonly runbook: string;
  readonly target: RunbookTarget;
  /** What the runbook asks the network to do (UI, audit trail). */
  readonly runbookDescription: string;
}

export const FAULT_CATALOG = {
  congestion: {
    runbook: 'reroute_ai_traffic', target: 'site',
    runbookDescription: 'Reroute AI inference traffic of the site to a neighbouring edge site (offloads a congested cell)',
  },
  transport_degradation: {
    runbook: 'switch_transport_path', target: 'transport_node',
    runbookDescription: 'Switch the transport node to its protection path',
  },
  baseband_fault: {
    runbook: 'restart_baseband', target: 'site',
    runbookDescription: 'Restart the baseband unit (BBU) of the site',
  },
  edge_overload: {
    runbook: 'scale_edge_inference', target: 'site',
    runbookDescription: 'Scale out inference capacity on the edge DC',
  },
  uplink_interference: {
    runbook: 'mitigate_uplink_interference', target: 'site',
    runbookDescription: 'Enable uplink interference cancellation and retune the uplink carrier',
  },
  capacity_degradation: {
    runbook: 'restore_cell_capacity', target: 'site',
    runbookDescription: 'Re-enable the failed carrier and rebalance load to neighbour cells',
  },
} as const satisfies Record<string, FaultKindInfo>;

export type FaultKind = keyof typeof FAULT_CATALOG;
/** In catalog order (the simulator draws kinds in this order, so it is part of a lake's determinism: a new kind is
 * appended and drawn from its own stream, see `draw` in pipelines/simulator/plan/faultProfiles.ts). */
export const FAULT_KINDS = Object.keys(FAULT_CATALOG) as readonly FaultKind[] as readonly [FaultKind, ...FaultKind[]];

export type RemediationRunbook = (typeof FAULT_CATALOG)[FaultKind]['runbook'];
/** `notify` opens or annotates a ticket and asks the network for nothing. */
export type Runbook = 'notify' | RemediationRunbook;
export const RUNBOOKS: readonly Runbook[] = ['notify', ...FAULT_KINDS.map((k) => FAULT_CATALOG[k].runbook)];

/** The kind a remediation runbook cures. */
export function faultKindCuredBy(runbook: RemediationRunbook): FaultKind {
  return FAULT_KINDS.find((k) => FAULT_CATALOG[k].runbook === runbook)!;
}

export function isRemediationRunbook(r: string): r is RemediationRunbook {
  return r !== 'notify' && (RUNBOOKS as readonly string[]).includes(r);
}
