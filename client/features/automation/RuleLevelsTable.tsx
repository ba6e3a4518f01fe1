// Each rule's autonomy: the level its rule file sets, an admin's override, and the effective level after the runbook's
// ceiling and the brake (with why); a level picker for automation admins.
import type { AutonomyLevel } from '../../../schema/autonomy.js';
import type { RuleAutonomy } from './autonomyApi.js';
import { LevelPicker } from './LevelPicker.js';

export interface RuleLevelsTableProps {
  rules: readonly RuleAutonomy[];
  onSetLevel?: (ruleId: string, level: AutonomyLevel | null) => Promise<void>;
}

const Level = ({ level }: { level: AutonomyLevel | null }) => level ? <span className={`badge level-${level}`}>{level}</span> : <span className="muted">—</span>;

export function RuleLevelsTable({ rules, onSetLevel }: RuleLevelsTableProps) {
  if (rules.length === 0) return <p className="muted">No rules loaded.</p>;
  return (
    <table className="autonomy-table" data-testid="rule-levels">
      <thead><tr><th>rule</th><th>runbook</th><th>rule file</th><th>override</th><th>effective</th><th>why</th>{onSetLevel && <th>set level</th>}</tr></thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r.id} data-testid={`rule-level-${r.id}`}>
            <td><b>{r.id}</b></td>
            <td>{r.runbook ?? <span className="muted">none</span>}</td>
            <td><Level level={r.fileLevel} /></td>
            <td><Level level={r.override} /></td>
            <td>{r.effective ? <span className={`badge level-${r.effective} strong`} data-testid="effective-level">{r.effective}</span> : <span className="muted nowrap">tickets only</span>}</td>
            <td className="why">{r.why}</td>
            {/* A rule without a runbook only opens tickets: no level to pick. */}
            {onSetLevel && <td>{r.effective ? <LevelPicker override={r.override} label={`level of rule ${r.id}`} onPick={(l) => onSetLevel(r.id, l)} /> : <span className="muted">—</span>}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
