// Whether a ticket was about a real problem: shown to everyone, changeable by NOC engineers (the ledger counts it).
import type { Verdict } from '../../../schema/autonomy.js';
import type { Ticket } from '../../../schema/automation.js';
import { verdictText } from './autonomyFormat.js';
import { NoteConfirm } from './NoteConfirm.js';

export interface VerdictControlProps {
  ticket: Pick<Ticket, 'verdict' | 'verdictBy'>;
  onVerdict?: (verdict: Verdict, note: string) => Promise<void>;
}

export function VerdictControl({ ticket, onVerdict }: VerdictControlProps) {
  const v = verdictText(ticket);
  return (
    <div className="verdict-control" data-testid="verdict">
      <span>verdict <b className={`tone-${v.tone}`}>{v.text}</b></span>
      {onVerdict && ticket.verdict !== 'false' && (
        <NoteConfirm label="Mark as false ticket" placeholder="why false? (optional)" onConfirm={(note) => onVerdict('false', note)} testId="verdict-false" />
      )}
      {onVerdict && ticket.verdict !== 'true' && (
        <NoteConfirm label="Mark as real problem" placeholder="note (optional)" onConfirm={(note) => onVerdict('true', note)} testId="verdict-true" />
      )}
    </div>
  );
}
