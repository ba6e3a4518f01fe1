// The network-controller interface remediation runbooks call; the simulator implements it, a real OSS/SDN adapter would too.
import type { Runbook } from '../rules/ruleTypes.js';

export type RemediationRunbook = Exclude<Runbook, 'notify'>;

/** What each runbook asks the network to do (shown in the UI and the closing note). */
export const RUNBOOK_DESCRIPTIONS: Record<RemediationRunbook, string> = {
  reroute_ai_traffic: 'Reroute AI inference traffic of the site to a neighbouring edge site (offloads a congested cell)',
  restart_baseband: 'Restart the baseband unit (BBU) of the site',
  scale_edge_inference: 'Scale out inference capacity on the edge DC',
  switch_transport_path: 'Switch the transport node to its protection path',
  mitigate_uplink_interference: 'Enable uplink interference cancellation and retune the uplink carrier',
};

export interface ControllerCommand {
  runbook: RemediationRunbook;
  /** Sites the ticket covers; for transport runbooks, the node is the target. */
  siteIds: readonly number[];
  transportNodeId: number | null;
  params: Readonly<Record<string, string>>;
  ticketId: number;
  atMs: number;
}

/** The controller only says whether it executed the command; whether it helped is for verification to find out. */
export interface ControllerResult { executed: boolean; detail: string }

export interface NetworkController {
  execute(cmd: ControllerCommand): Promise<ControllerResult>;
}

/** For replays of recorded data (nothing can change the past) and dry-runs: records commands, changes nothing. */
export class RecordingController implements NetworkController {
  readonly commands: ControllerCommand[] = [];
  async execute(cmd: ControllerCommand): Promise<ControllerResult> {
    this.commands.push(cmd);
    return { executed: true, detail: 'recorded only (replay)' };
  }
}
