// The autonomy overview as the server sends it (policy in force, each rule's level, the week's mix and ledger), and
// the changes an automation admin can make to it; views take these shapes so stories can feed them from fixtures.
import type { ServerOutputs } from '../../api/trpcClient.js';
import type { AutonomyLevel, Blocklist } from '../../../schema/autonomy.js';

export type AutonomyOverview = ServerOutputs['automation']['autonomy'];
export type RuleAutonomy = AutonomyOverview['rules'][number];

/** What an automation admin may change (absent for everyone else: the views are read-only then). */
export interface AutonomyEdit {
  setLevel(target: 'rule' | 'runbook', id: string, level: AutonomyLevel | null): Promise<void>;
  setBrake(on: boolean, reason: string): Promise<void>;
  setBlocklist(b: Blocklist): Promise<void>;
}
