// The report's heading: title and audience, the period and what it is compared with, scope, data-as-of and generated-at stamps, coverage.
import type { ExecReport } from '../../../schema/executive.js';
import { describeCoverage, describePeriod, describeStamp, isPartial } from './reportStamps.js';

export function ReportHeader({ report }: { report: ExecReport }) {
  const partial = isPartial(report);
  return (
    <header className="report-header" data-testid="report-header">
      <div className="report-title">
        <h1>{report.definition.title}</h1>
        <span className="muted">for {report.definition.audience}</span>
        {partial && <span className="partial-badge" data-testid="partial" title="The period has not ended: its figures will still change.">Partial period</span>}
      </div>
      <dl className="report-stamps">
        <div><dt>Period</dt><dd data-testid="report-period">{describePeriod(report.period)}</dd></div>
        <div><dt>Previous period</dt><dd>{describePeriod(report.previous)}</dd></div>
        <div><dt>A year ago</dt><dd>{describePeriod(report.yearAgo)}</dd></div>
        <div><dt>Scope</dt><dd>{report.scope}</dd></div>
        <div><dt>Data as of</dt><dd className="num">{describeStamp(report.dataAsOfMs)}</dd></div>
        <div><dt>Generated at</dt><dd className="num">{describeStamp(report.generatedAtMs)}</dd></div>
        <div><dt>Coverage</dt><dd>{describeCoverage(report.coverage)}</dd></div>
        <div><dt>Targets</dt><dd>version {report.targetsVersion}</dd></div>
      </dl>
    </header>
  );
}
