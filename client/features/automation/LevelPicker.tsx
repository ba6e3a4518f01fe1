// Picks an autonomy level (observe / suggest / auto) or resets to what the files say; the current override is pressed.
import { useState } from 'react';
import { AUTONOMY_LEVELS, type AutonomyLevel } from '../../../schema/autonomy.js';
import { describeCallError } from '../../api/trpcClient.js';

export interface LevelPickerProps {
  /** What an admin set through the API (null: the files decide). */
  override: AutonomyLevel | null;
  label: string;
  onPick: (level: AutonomyLevel | null) => Promise<void>;
}

export function LevelPicker({ override, label, onPick }: LevelPickerProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (level: AutonomyLevel | null) => {
    setBusy(true);
    setError(null);
    try { await onPick(level); } catch (e) { setError(describeCallError(e, 'Changing the level')); } finally { setBusy(false); }
  };
  return (
    <span className="level-picker" role="group" aria-label={label}>
      {AUTONOMY_LEVELS.map((l) => (
        <button key={l} type="button" className={`chip level-${l}`} aria-pressed={override === l} disabled={busy} onClick={() => void pick(l)}>{l}</button>
      ))}
      <button type="button" className="chip" disabled={busy || override === null} onClick={() => void pick(null)} title="back to the rule / policy file">reset</button>
      {error && <span className="action-error" role="alert">{error}</span>}
    </span>
  );
}
