// The report's computed narrative: the period's biggest movers and their drivers, one sentence each.
export function ReportNarrative({ sentences }: { sentences: readonly string[] }) {
  return (
    <section className="report-narrative" aria-labelledby="narrative-title" data-testid="narrative">
      <h2 id="narrative-title">What moved</h2>
      {sentences.length === 0
        ? <p className="muted">Nothing moved enough to comment on, or there is no data to compare.</p>
        : <ul>{sentences.map((s, i) => <li key={i}>{s}</li>)}</ul>}
    </section>
  );
}
