// Lists report definition files the server refused to load, each as file:line:column and what is wrong (server's words).
import { useMessages } from '../../i18n/I18nProvider.js';
import type { DefinitionProblem } from './executiveApi.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';

export function DefinitionProblems({ problems }: { problems: readonly DefinitionProblem[] }) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  if (problems.length === 0) return null;
  return (
    <section className="panel definition-problems" role="alert" data-testid="definition-problems">
      <h2>{t('problemsTitle', { n: problems.length })}</h2>
      <ul lang="en">
        {problems.map((p, i) => (
          <li key={i}><code>{p.source}:{p.line}:{p.column}</code> {p.field && <span className="muted">{p.field}: </span>}{p.message}</li>
        ))}
      </ul>
    </section>
  );
}
