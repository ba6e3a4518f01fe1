// The autonomy policy in force: the policy file (runbook ceilings, guards, blocklist) and the rule files' levels,
// overridden by what automation admins set through the API (rule and runbook levels, blocklist, global brake),
// which is kept in the state store so every replica and restart sees the same policy.
import type { AutonomyLevel, AutonomyPolicy, Blocklist, BrakeState } from '../../schema/autonomy.js';
import type { SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { EMPTY_POLICY_FILE, loadPolicyFile, type PolicyFile, type PolicyProblem } from '../../pipelines/heal/autonomyPolicyFile.js';

const DDL = [
  `CREATE TABLE IF NOT EXISTS opsdeck_autonomy_setting (
    setting_key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, updated_at BIGINT NOT NULL, updated_by VARCHAR NOT NULL)`,
];

const BRAKE_OFF: BrakeState = { on: false, by: null, atMs: null, reason: '' };

/** Where a level or the blocklist came from, for the settings page. */
export interface AutonomySettingsView {
  policy: AutonomyPolicy;
  /** Levels set through the API (they win over the files). */
  overrides: { rules: Record<string, AutonomyLevel>; runbooks: Record<string, AutonomyLevel> };
  file: string;
  problems: PolicyProblem[];
}

export class AutonomyBook {
  private file: PolicyFile = EMPTY_POLICY_FILE;
  private problems: PolicyProblem[] = [];
  private rules: Record<string, AutonomyLevel> = {};
  private runbooks: Record<string, AutonomyLevel> = {};
  private blocklist: Blocklist | null = null;
  private brake: BrakeState = BRAKE_OFF;
  private merged: AutonomyPolicy | null = null;

  constructor(private readonly db: SqlDriver, private readonly policyFile: string, private readonly now: () => number) {}

  async init(): Promise<void> {
    for (const s of DDL) await this.db.exec(s);
    await this.reload();
  }

  async reload(): Promise<void> {
    const f = await loadPolicyFile(this.policyFile);
    this.file = f.policy ?? EMPTY_POLICY_FILE;
    this.problems = f.problems;
    const rows = await this.db.query<{ setting_key: string; value: string }>('SELECT setting_key, value FROM opsdeck_autonomy_setting');
    this.rules = {}; this.runbooks = {}; this.blocklist = null; this.brake = BRAKE_OFF;
    for (const r of rows) {
      const v = JSON.parse(r.value) as unknown;
      if (r.setting_key.startsWith('rule:')) this.rules[r.setting_key.slice(5)] = v as AutonomyLevel;
      else if (r.setting_key.startsWith('runbook:')) this.runbooks[r.setting_key.slice(8)] = v as AutonomyLevel;
      else if (r.setting_key === 'blocklist') this.blocklist = v as Blocklist;
      else if (r.setting_key === 'brake') this.brake = v as BrakeState;
    }
    this.merged = null;
  }

  /** The policy the heal loop applies (rebuilt only after a change). */
  current = (): AutonomyPolicy => {
    // A policy file that does not load leaves automation braked: better a suggestion than an unguarded action.
    const brokenFile = this.problems.length > 0;
    this.merged ??= {
      rules: { ...this.rules },
      runbooks: { ...this.file.runbooks, ...this.runbooks },
      guards: this.file.guards,
      blocklist: this.blocklist ?? this.file.blocklist,
      brake: this.brake.on || !brokenFile ? this.brake : { on: true, by: 'policy file', atMs: null, reason: `the autonomy policy file has ${this.problems.length} problem(s)` },
    };
    return this.merged;
  };

  view(): AutonomySettingsView {
    return { policy: this.current(), overrides: { rules: { ...this.rules }, runbooks: { ...this.runbooks } }, file: this.policyFile, problems: this.problems };
  }

  private async put(key: string, value: unknown, user: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.exec('DELETE FROM opsdeck_autonomy_setting WHERE setting_key = $1', [key]);
      if (value !== null) await tx.exec('INSERT INTO opsdeck_autonomy_setting (setting_key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)', [key, JSON.stringify(value), this.now(), user]);
    });
    await this.reload();
  }

  /** A rule's level (null: back to what its rule file says). */
  setRuleLevel(ruleId: string, level: AutonomyLevel | null, user: string): Promise<void> { return this.put(`rule:${ruleId}`, level, user); }
  /** A runbook's ceiling (null: back to the policy file's). */
  setRunbookLevel(runbook: string, level: AutonomyLevel | null, user: string): Promise<void> { return this.put(`runbook:${runbook}`, level, user); }
  setBlocklist(b: Blocklist, user: string): Promise<void> {
    return this.put('blocklist', { siteIds: [...new Set(b.siteIds)].sort((x, y) => x - y), transportNodeIds: [...new Set(b.transportNodeIds)].sort((x, y) => x - y) }, user);
  }
  /** The global brake: on, every rule runs at `suggest` at most. */
  setBrake(on: boolean, reason: string, user: string): Promise<void> {
    return this.put('brake', on ? { on, by: user, atMs: this.now(), reason } : BRAKE_OFF, user);
  }
}
