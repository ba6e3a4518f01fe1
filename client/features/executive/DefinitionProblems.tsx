// Lists report definition files the server refused to load, each as file:line:column and what is wrong.
import type { DefinitionProblem } from './executiveApi.js';

export function DefinitionProblems({ problems }: { problems: readonly DefinitionProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <section className="panel definition-problems" role="alert" data-testid="definition-problems">
      <h2>Report files not loaded ({problems.length} {problems.length === 1 ? 'problem' : 'problems'})</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}><code>{p.source}:{p.line}:{p.column}</code> {p.field && <span className="muted">{p.field}: </span>}{p.message}</li>
        ))}
      </ul>
    </section>
  );
}
