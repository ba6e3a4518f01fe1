// Whether a ticket was about a real problem: shown to everyone, changeable by NOC engineers (the ledger counts it).
import type { Verdict } from '../../../schema/autonomy.js';
import type { Ticket } from '../../../schema/automation.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { verdictText } from './autonomyFormat.js';
import { NoteConfirm } from './NoteConfirm.js';
import { StatusBadge } from './StatusBadge.js';
import { useVocabulary } from './ticketVocabulary.js';

export interface VerdictControlProps {
  ticket: Pick<Ticket, 'verdict' | 'verdictBy'>;
  onVerdict?: (verdict: Verdict, note: string) => Promise<void>;
}

export function VerdictControl({ ticket, onVerdict }: VerdictControlProps) {
  const t = useMessages(AUTOMATION_MESSAGES);
  const vocab = useVocabulary();
  const v = verdictText(t, vocab, ticket);
  return (
    <div className="verdict-control" data-testid="verdict">
      <span>{t('verdict.label')} <StatusBadge term={vocab.verdict(ticket.verdict)}>{v.text}</StatusBadge></span>
      {onVerdict && ticket.verdict !== 'false' && (
        <NoteConfirm label={t('verdict.markFalse')} placeholder={t('verdict.whyFalse')} onConfirm={(note) => onVerdict('false', note)} testId="verdict-false" />
      )}
      {onVerdict && ticket.verdict !== 'true' && (
        <NoteConfirm label={t('verdict.markTrue')} placeholder={t('approval.notePlaceholder')} onConfirm={(note) => onVerdict('true', note)} testId="verdict-true" />
      )}
    </div>
  );
}
