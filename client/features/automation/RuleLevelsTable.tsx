// Each rule's autonomy: the level its rule file sets, an admin's override, and the effective level after the runbook's
// ceiling and the brake (with the server's reason); a level picker for automation admins.
import type { AutonomyLevel } from '../../../schema/autonomy.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import type { RuleAutonomy } from './autonomyApi.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { LevelPicker } from './LevelPicker.js';
import { StatusBadge } from './StatusBadge.js';
import { useVocabulary } from './ticketVocabulary.js';

export interface RuleLevelsTableProps {
  rules: readonly RuleAutonomy[];
  onSetLevel?: (ruleId: string, level: AutonomyLevel | null) => Promise<void>;
}

function Level({ level }: { level: AutonomyLevel | null }) {
  const vocab = useVocabulary();
  return level ? <StatusBadge term={vocab.level(level)} /> : <span className="muted">—</span>;
}

export function RuleLevelsTable({ rules, onSetLevel }: RuleLevelsTableProps) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const vocab = useVocabulary();
  if (rules.length === 0) return <p className="muted">{t('rules.none')}</p>;
  return (
    <table className="autonomy-table" data-testid="rule-levels">
      <thead><tr>
        <th>{t('rules.col.rule')}</th><th>{t('rules.col.runbook')}</th><th>{t('rules.col.file')}</th><th>{t('rules.col.override')}</th>
        <th>{t('rules.col.effective')}</th><th>{t('rules.col.why')}</th>{onSetLevel && <th>{t('rules.col.set')}</th>}
      </tr></thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r.id} data-testid={`rule-level-${r.id}`}>
            <td><b>{r.id}</b></td>
            <td>{r.runbook ?? <span className="muted">{t('rules.noRunbook')}</span>}</td>
            <td><Level level={r.fileLevel} /></td>
            <td><Level level={r.override} /></td>
            <td>{r.effective ? <StatusBadge term={vocab.level(r.effective)} strong testId="effective-level" /> : <span className="muted nowrap">{t('rules.ticketsOnly')}</span>}</td>
            <td className="why" lang="en">{r.why}</td>
            {/* A rule without a runbook only opens tickets: no level to pick. */}
            {onSetLevel && <td>{r.effective ? <LevelPicker override={r.override} label={t('rules.pickLabel', { id: r.id })} onPick={(l) => onSetLevel(r.id, l)} /> : <span className="muted">—</span>}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
