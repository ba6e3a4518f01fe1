// The global brake as one prominent button: pulling it asks why (the reason goes on the banner and into the audit);
// releasing it is one click. Without autonomy.write it only shows the state.
import { useState } from 'react';
import type { BrakeState } from '../../../schema/autonomy.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { describeCallError } from '../../api/trpcClient.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { BrakeOrigin } from './BrakeBanner.js';
import './automation.css';
import './autonomy.css';

/** The server's limit on the brake's reason. */
export const BRAKE_REASON_MAX_CHARS = 500;

export interface BrakeButtonProps {
  brake: BrakeState;
  onSetBrake?: (on: boolean, reason: string) => Promise<void>;
}

export function BrakeButton({ brake, onSetBrake }: BrakeButtonProps) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const ta = useMessages(AUTOMATION_MESSAGES);
  const { t: common } = useI18n();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tooLong = reason.trim().length > BRAKE_REASON_MAX_CHARS;
  const set = async (on: boolean) => {
    if (!onSetBrake || (on && tooLong)) return;
    setBusy(true);
    setError(null);
    try { await onSetBrake(on, on ? reason.trim() : ''); setAsking(false); setReason(''); } catch (e) { setError(describeCallError(e, common, t('brake.changing'))); } finally { setBusy(false); }
  };
  const known = brake.by || brake.atMs !== null || brake.reason;
  return (
    <section className={`brake${brake.on ? ' on' : ''}`} aria-label={t('brake.label')} data-testid="brake">
      <div className="brake-state">
        <b>{brake.on ? t('brake.on') : t('brake.off')}</b>
        <span>{brake.on ? t('brake.onText') : t('brake.offText')}</span>
        {brake.on && known && <span className="muted">{t('brake.pulled')} <BrakeOrigin brake={brake} /></span>}
      </div>
      {onSetBrake && (brake.on ? (
        <button type="button" className="btn brake-release" disabled={busy} onClick={() => void set(false)} data-testid="brake-toggle">{t('brake.release')}</button>
      ) : asking ? (
        <span className="note-confirm">
          <input aria-label={t('brake.reason')} placeholder={t('brake.reasonPlaceholder')} value={reason} autoFocus aria-invalid={tooLong} onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') void set(true); if (e.key === 'Escape') setAsking(false); }} />
          <button type="button" className="btn brake-pull" disabled={busy || tooLong} onClick={() => void set(true)} data-testid="brake-confirm">{t('brake.pull')}</button>
          <button type="button" className="btn plain" disabled={busy} onClick={() => setAsking(false)}>{t('cancel')}</button>
          {tooLong && <span className="field-hint">{t('brake.reasonTooLong', { max: BRAKE_REASON_MAX_CHARS, n: reason.trim().length })}</span>}
        </span>
      ) : (
        <button type="button" className="btn brake-pull" onClick={() => setAsking(true)} data-testid="brake-toggle">{t('brake.pullSuggest')}</button>
      ))}
      {error && <p className="action-error" role="alert">{error}</p>}
    </section>
  );
}
