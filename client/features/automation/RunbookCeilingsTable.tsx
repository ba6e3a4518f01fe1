// Per runbook, the most autonomy any rule may run it with: from the policy file or an admin's override.
import type { AutonomyLevel } from '../../../schema/autonomy.js';
import { LevelPicker } from './LevelPicker.js';

export interface RunbookCeilingsTableProps {
  runbooks: readonly string[];
  /** Ceilings in force (policy file merged with overrides). */
  ceilings: Readonly<Record<string, AutonomyLevel>>;
  overrides: Readonly<Record<string, AutonomyLevel>>;
  onSetLevel?: (runbook: string, level: AutonomyLevel | null) => Promise<void>;
}

export function RunbookCeilingsTable({ runbooks, ceilings, overrides, onSetLevel }: RunbookCeilingsTableProps) {
  return (
    <table className="autonomy-table" data-testid="runbook-ceilings">
      <thead><tr><th>runbook</th><th>ceiling</th><th>from</th>{onSetLevel && <th>set ceiling</th>}</tr></thead>
      <tbody>
        {runbooks.map((rb) => {
          const c = ceilings[rb] ?? null;
          const o = overrides[rb] ?? null;
          return (
            <tr key={rb} data-testid={`runbook-ceiling-${rb}`}>
              <td><b>{rb}</b></td>
              <td>{c ? <span className={`badge level-${c}`}>{c}</span> : <span className="muted">none (auto)</span>}</td>
              <td className="muted">{o ? 'override' : c ? 'policy file' : '—'}</td>
              {onSetLevel && <td><LevelPicker override={o} label={`ceiling of runbook ${rb}`} onPick={(l) => onSetLevel(rb, l)} /></td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
