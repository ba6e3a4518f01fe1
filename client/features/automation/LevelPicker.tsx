// Picks an autonomy level (observe / suggest / auto) or resets to what the files say; the current override is pressed.
import { useState } from 'react';
import { AUTONOMY_LEVELS, type AutonomyLevel } from '../../../schema/autonomy.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { describeCallError } from '../../api/trpcClient.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { StatusDot } from './StatusBadge.js';
import { useVocabulary } from './ticketVocabulary.js';

export interface LevelPickerProps {
  /** What an admin set through the API (null: the files decide). */
  override: AutonomyLevel | null;
  label: string;
  onPick: (level: AutonomyLevel | null) => Promise<void>;
}

export function LevelPicker({ override, label, onPick }: LevelPickerProps) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const ta = useMessages(AUTOMATION_MESSAGES);
  const { t: common } = useI18n();
  const vocab = useVocabulary();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (level: AutonomyLevel | null) => {
    setBusy(true);
    setError(null);
    try { await onPick(level); } catch (e) { setError(describeCallError(e, common, t('picker.changing'))); } finally { setBusy(false); }
  };
  return (
    <span className="level-picker" role="group" aria-label={label}>
      {AUTONOMY_LEVELS.map((l) => {
        const term = vocab.level(l);
        return <button key={l} type="button" className="chip" aria-pressed={override === l} disabled={busy} onClick={() => void pick(l)}><StatusDot color={term.color} />{term.label}</button>;
      })}
      <button type="button" className="chip" disabled={busy || override === null} onClick={() => void pick(null)} title={t('picker.resetHint')}>{t('picker.reset')}</button>
      {error && <span className="action-error" role="alert">{error}</span>}
    </span>
  );
}
