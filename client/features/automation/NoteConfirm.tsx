// A button that asks for a note before it acts (rejecting a suggestion, judging a ticket); the action's error stays beside it.
import { useState } from 'react';
import { describeCallError } from '../../api/trpcClient.js';

export interface NoteConfirmProps {
  label: string;
  /** Words of the confirming button (defaults to the label). */
  confirmLabel?: string;
  placeholder: string;
  /** A rejection must say why; a verdict's note is optional. */
  noteRequired?: boolean;
  tone?: 'danger' | 'plain';
  disabled?: boolean;
  onConfirm: (note: string) => Promise<void>;
  testId?: string;
}

export function NoteConfirm({ label, confirmLabel, placeholder, noteRequired = false, tone = 'plain', disabled, onConfirm, testId }: NoteConfirmProps) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return <button type="button" className={`btn ${tone}`} disabled={disabled} onClick={() => { setOpen(true); setError(null); }} data-testid={testId}>{label}</button>;
  }
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try { await onConfirm(note.trim()); setOpen(false); setNote(''); } catch (e) { setError(describeCallError(e)); } finally { setBusy(false); }
  };
  return (
    <span className="note-confirm" data-testid={testId ? `${testId}-form` : undefined}>
      <input aria-label={placeholder} placeholder={placeholder} value={note} autoFocus onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }} />
      <button type="button" className={`btn ${tone}`} disabled={busy || disabled || (noteRequired && !note.trim())} onClick={() => void confirm()}>{confirmLabel ?? label}</button>
      <button type="button" className="btn plain" disabled={busy} onClick={() => setOpen(false)}>Cancel</button>
      {error && <span className="action-error" role="alert">{error}</span>}
    </span>
  );
}
