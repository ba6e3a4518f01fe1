// The global brake as one prominent button: pulling it asks why (the reason goes on the banner and into the audit);
// releasing it is one click. Without autonomy.write it only shows the state.
import { useState } from 'react';
import type { BrakeState } from '../../../schema/autonomy.js';
import { describeCallError } from '../../api/trpcClient.js';
import { brakeOrigin } from './autonomyFormat.js';

export interface BrakeButtonProps {
  brake: BrakeState;
  onSetBrake?: (on: boolean, reason: string) => Promise<void>;
}

export function BrakeButton({ brake, onSetBrake }: BrakeButtonProps) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = async (on: boolean) => {
    if (!onSetBrake) return;
    setBusy(true);
    setError(null);
    try { await onSetBrake(on, on ? reason.trim() : ''); setAsking(false); setReason(''); } catch (e) { setError(describeCallError(e, 'Changing the brake')); } finally { setBusy(false); }
  };
  return (
    <section className={`brake${brake.on ? ' on' : ''}`} aria-label="Global brake" data-testid="brake">
      <div className="brake-state">
        <b>{brake.on ? 'Brake ON' : 'Brake off'}</b>
        <span>{brake.on ? 'Every rule with a runbook waits for a NOC engineer\'s approval until the brake is released.' : 'Rules act at their own level (auto where their runbook allows).'}</span>
        {brake.on && brakeOrigin(brake) && <span className="muted">Pulled {brakeOrigin(brake)}</span>}
      </div>
      {onSetBrake && (brake.on ? (
        <button type="button" className="btn brake-release" disabled={busy} onClick={() => void set(false)} data-testid="brake-toggle">Release the brake</button>
      ) : asking ? (
        <span className="note-confirm">
          <input aria-label="brake reason" placeholder="why? (shown on the banner)" value={reason} autoFocus onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') void set(true); if (e.key === 'Escape') setAsking(false); }} />
          <button type="button" className="btn brake-pull" disabled={busy} onClick={() => void set(true)} data-testid="brake-confirm">Pull the brake</button>
          <button type="button" className="btn plain" disabled={busy} onClick={() => setAsking(false)}>Cancel</button>
        </span>
      ) : (
        <button type="button" className="btn brake-pull" onClick={() => setAsking(true)} data-testid="brake-toggle">Pull the brake: suggest only</button>
      ))}
      {error && <p className="action-error" role="alert">{error}</p>}
    </section>
  );
}
