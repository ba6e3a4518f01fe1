// A button that asks for a note before it acts (rejecting a suggestion, judging a ticket); the note's limits are
// checked as it is typed and the action's error stays beside it.
import { useState } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { describeCallError } from '../../api/trpcClient.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import './automation.css';

/** The server's limit on notes, comments and reasons. */
export const NOTE_MAX_CHARS = 2000;

export interface NoteConfirmProps {
  label: string;
  /** Words of the confirming button (defaults to the label). */
  confirmLabel?: string;
  placeholder: string;
  /** A rejection must say why; a verdict's note is optional. */
  noteRequired?: boolean;
  maxChars?: number;
  tone?: 'danger' | 'plain';
  disabled?: boolean;
  onConfirm: (note: string) => Promise<void>;
  testId?: string;
}

export function NoteConfirm({ label, confirmLabel, placeholder, noteRequired = false, maxChars = NOTE_MAX_CHARS, tone = 'plain', disabled, onConfirm, testId }: NoteConfirmProps) {
  const t = useMessages(AUTOMATION_MESSAGES);
  const { t: common } = useI18n();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return <button type="button" className={`btn ${tone}`} disabled={disabled} onClick={() => { setOpen(true); setError(null); }} data-testid={testId}>{label}</button>;
  }
  const trimmed = note.trim();
  const problem = trimmed.length > maxChars ? t('detail.tooLong', { max: maxChars, n: trimmed.length }) : noteRequired && !trimmed ? t('note.required') : null;
  const confirm = async () => {
    if (problem) return;
    setBusy(true);
    setError(null);
    try { await onConfirm(trimmed); setOpen(false); setNote(''); } catch (e) { setError(describeCallError(e, common)); } finally { setBusy(false); }
  };
  const hintId = testId ? `${testId}-hint` : undefined;
  return (
    <span className="note-confirm" data-testid={testId ? `${testId}-form` : undefined}>
      <input aria-label={placeholder} placeholder={placeholder} value={note} autoFocus onChange={(e) => setNote(e.target.value)} aria-invalid={problem !== null && note !== ''}
        aria-describedby={problem ? hintId : undefined} onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); if (e.key === 'Enter') void confirm(); }} />
      <button type="button" className={`btn ${tone}`} disabled={busy || disabled || problem !== null} onClick={() => void confirm()}>{confirmLabel ?? label}</button>
      <button type="button" className="btn plain" disabled={busy} onClick={() => setOpen(false)}>{t('note.cancel')}</button>
      {problem && <span className="field-hint" id={hintId}>{problem}</span>}
      {error && <span className="action-error" role="alert">{error}</span>}
    </span>
  );
}
