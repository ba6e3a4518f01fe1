// The guards of the policy file (read-only): at most N runs of a runbook per site / transport node / fleet in a window.
import type { GuardDef } from '../../../schema/autonomy.js';
import { formatWindow } from './autonomyFormat.js';

const PER: Record<GuardDef['per'], string> = { site: 'per site', transport_node: 'per transport node', fleet: 'fleet-wide' };

export function GuardList({ guards }: { guards: readonly GuardDef[] }) {
  if (guards.length === 0) return <p className="muted">No guards: runbooks run as often as rules ask.</p>;
  return (
    <table className="autonomy-table" data-testid="guards">
      <thead><tr><th>guard</th><th>runbook</th><th>limit</th></tr></thead>
      <tbody>
        {guards.map((g) => (
          <tr key={g.id}>
            <td><b>{g.id}</b></td>
            <td>{g.runbook === '*' ? <span className="muted">any runbook</span> : g.runbook}</td>
            <td>at most <b>{g.maxActions}</b> in {formatWindow(g.windowMs)} {PER[g.per]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
