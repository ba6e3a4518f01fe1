// The network-controller interface remediation runbooks call; the simulator implements it, a real OSS/SDN adapter would too.
import type { RemediationRunbook } from '../../schema/faultCatalog.js';

export type { RemediationRunbook };

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
