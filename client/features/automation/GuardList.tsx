// The guards of the policy file (read-only): at most N runs of a runbook per site / transport node / fleet in a window.
import type { GuardDef } from '../../../schema/autonomy.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';

export function GuardList({ guards }: { guards: readonly GuardDef[] }) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const { fmt } = useI18n();
  if (guards.length === 0) return <p className="muted">{t('guards.none')}</p>;
  return (
    <table className="autonomy-table" data-testid="guards">
      <thead><tr><th>{t('guards.col.guard')}</th><th>{t('guards.col.runbook')}</th><th>{t('guards.col.limit')}</th></tr></thead>
      <tbody>
        {guards.map((g) => (
          <tr key={g.id}>
            <td><b>{g.id}</b></td>
            <td>{g.runbook === '*' ? <span className="muted">{t('guards.anyRunbook')}</span> : g.runbook}</td>
            <td>{t('guards.limit', { n: g.maxActions, window: fmt.duration(g.windowMs / 1000), per: t(`guards.per.${g.per}`) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
