// The autonomy settings and their evidence on one panel: the global brake, each rule's level and each runbook's
// ceiling, the guards and blocklist, policy file problems, the week's autonomy mix and the ledger.
import type { AutonomyLevel } from '../../../schema/autonomy.js';
import type { AutonomyEdit, AutonomyOverview } from './autonomyApi.js';
import { AutonomyMixView } from './AutonomyMixView.js';
import { BlocklistEditor } from './BlocklistEditor.js';
import { BrakeButton } from './BrakeButton.js';
import { GuardList } from './GuardList.js';
import { LedgerTable } from './LedgerTable.js';
import { RuleLevelsTable } from './RuleLevelsTable.js';
import { RunbookCeilingsTable } from './RunbookCeilingsTable.js';
import './autonomy.css';

export interface AutonomyPanelProps {
  overview: AutonomyOverview | null;
  /** The last load failed (the last good overview, if any, stays on screen). */
  error?: string | null;
  /** Automation admins' changes; null: read-only. */
  edit: AutonomyEdit | null;
}

export function AutonomyPanel({ overview, error, edit }: AutonomyPanelProps) {
  if (!overview) {
    return (
      <section className="autonomy-panel" aria-label="Autonomy" data-testid="autonomy-panel">
        {error ? <p className="error" role="alert">Could not load the autonomy policy: {error}</p> : <p className="muted">Loading autonomy…</p>}
      </section>
    );
  }
  const { settings, rules, runbooks, mix, ledger } = overview;
  const { policy, overrides } = settings;
  return (
    <section className="autonomy-panel" aria-label="Autonomy" data-testid="autonomy-panel">
      {error && <p className="error" role="alert">Refresh failed: {error}</p>}
      <BrakeButton brake={policy.brake} {...(edit ? { onSetBrake: edit.setBrake } : {})} />
      {settings.problems.length > 0 && (
        <section className="panel policy-problems" data-testid="policy-problems">
          <h2>Policy file problems</h2>
          <p>The autonomy policy file <code>{settings.file}</code> does not load, so automation stays braked (suggest at most) until it is fixed:</p>
          <ul className="problems">
            {settings.problems.map((p, i) => <li key={i}><code>{p.field || '(file)'}</code> {p.message}</li>)}
          </ul>
        </section>
      )}
      <div className="autonomy-grid">
        <section className="panel wide">
          <h2>Rules: autonomy level</h2>
          <p className="muted small">observe: open a ticket and name the diagnosis · suggest: propose the runbook for a NOC engineer to approve · auto: act and verify.</p>
          <RuleLevelsTable rules={rules} {...(edit ? { onSetLevel: (id: string, l: AutonomyLevel | null) => edit.setLevel('rule', id, l) } : {})} />
        </section>
        <section className="panel">
          <h2>Runbook ceilings</h2>
          <RunbookCeilingsTable runbooks={runbooks} ceilings={policy.runbooks} overrides={overrides.runbooks}
            {...(edit ? { onSetLevel: (rb: string, l: AutonomyLevel | null) => edit.setLevel('runbook', rb, l) } : {})} />
        </section>
        <section className="panel">
          <h2>Guards <span className="muted small">(policy file)</span></h2>
          <GuardList guards={policy.guards} />
          <h2 className="sub-h">Blocklist</h2>
          <BlocklistEditor blocklist={policy.blocklist} {...(edit ? { onSave: edit.setBlocklist } : {})} />
        </section>
        <section className="panel wide">
          <h2>Autonomy mix</h2>
          <AutonomyMixView mix={mix} />
        </section>
        <section className="panel wide">
          <h2>Ledger per rule and runbook</h2>
          <LedgerTable ledger={ledger} />
        </section>
      </div>
    </section>
  );
}
