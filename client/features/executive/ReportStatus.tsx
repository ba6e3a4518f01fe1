// Says what the figures on screen are: loading, for an earlier choice while the new one loads, failed, or current.
import type { ExecReportState } from './useExecReport.js';

export function ReportStatus({ state, requested, onRetry }: { state: ExecReportState; requested: string; onRetry: () => void }) {
  const { report, current, loading, error } = state;
  if (error) {
    return (
      <p className="report-status error" role="alert" data-testid="report-error">
        Cannot show {requested}: {error}
        <button type="button" onClick={onRetry} disabled={loading}>{loading ? 'Retrying…' : 'Try again'}</button>
      </p>
    );
  }
  if (loading && !report) return <p className="report-status muted" role="status" data-testid="report-loading">Computing the report for {requested}…</p>;
  if (report && !current) {
    return (
      <p className="report-status stale" role="status" data-testid="report-stale">
        Loading {requested}… The figures below are still those of {report.definition.title}, {report.period.label}.
      </p>
    );
  }
  if (loading) return <p className="report-status muted" role="status">Refreshing {requested}…</p>;
  return null;
}
