// Per runbook, the most autonomy any rule may run it with: from the policy file or an admin's override.
import type { AutonomyLevel } from '../../../schema/autonomy.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { LevelPicker } from './LevelPicker.js';
import { StatusBadge } from './StatusBadge.js';
import { useVocabulary } from './ticketVocabulary.js';

export interface RunbookCeilingsTableProps {
  runbooks: readonly string[];
  /** Ceilings in force (policy file merged with overrides). */
  ceilings: Readonly<Record<string, AutonomyLevel>>;
  overrides: Readonly<Record<string, AutonomyLevel>>;
  onSetLevel?: (runbook: string, level: AutonomyLevel | null) => Promise<void>;
}

export function RunbookCeilingsTable({ runbooks, ceilings, overrides, onSetLevel }: RunbookCeilingsTableProps) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const vocab = useVocabulary();
  return (
    <table className="autonomy-table" data-testid="runbook-ceilings">
      <thead><tr><th>{t('ceilings.col.runbook')}</th><th>{t('ceilings.col.ceiling')}</th><th>{t('ceilings.col.from')}</th>{onSetLevel && <th>{t('ceilings.col.set')}</th>}</tr></thead>
      <tbody>
        {runbooks.map((rb) => {
          const c = ceilings[rb] ?? null;
          const o = overrides[rb] ?? null;
          return (
            <tr key={rb} data-testid={`runbook-ceiling-${rb}`}>
              <td><b>{rb}</b></td>
              <td>{c ? <StatusBadge term={vocab.level(c)} /> : <span className="muted">{t('ceilings.none')}</span>}</td>
              <td className="muted">{o ? t('ceilings.override') : c ? t('ceilings.file') : '—'}</td>
              {onSetLevel && <td><LevelPicker override={o} label={t('ceilings.pickLabel', { id: rb })} onPick={(l) => onSetLevel(rb, l)} /></td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
