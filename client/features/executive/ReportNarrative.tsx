// The report's computed narrative: the period's biggest movers and their drivers, one sentence each (written by the
// server in English; shown as it comes).
import { useMessages } from '../../i18n/I18nProvider.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';

export function ReportNarrative({ sentences }: { sentences: readonly string[] }) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  return (
    <section className="report-narrative" aria-labelledby="narrative-title" data-testid="narrative">
      <h2 id="narrative-title">{t('narrativeTitle')}</h2>
      {sentences.length === 0
        ? <p className="muted">{t('narrativeEmpty')}</p>
        : <ul lang="en">{sentences.map((s, i) => <li key={i}>{s}</li>)}</ul>}
    </section>
  );
}
