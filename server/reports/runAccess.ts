// Who may see an archived run: an unscoped user sees every run; a scoped user only runs computed for exactly their
// scope (so a scheduled, unrestricted report never reaches someone whose rows are filtered).
import type { Scope } from '../../schema/access.js';
import type { ReportRunInfo } from '../../schema/executive.js';
import type { DataScope } from '../identity/dataScope.js';
import type { ArchivedRun } from './reportArchive.js';

const scopeKey = (s: Scope | null) => (s ? JSON.stringify({ regions: [...s.regions].sort(), provinces: [...s.provinces].sort() }) : 'all');

export function runVisibleTo(run: ArchivedRun, scope: DataScope): boolean {
  return scope.unrestricted || (run.scope !== null && scopeKey(run.scope) === scopeKey(scope.scope));
}

/** The public row (the stored scope and requester stay on the server). */
export function runInfo(run: ArchivedRun): ReportRunInfo {
  const { scope: _scope, requestedBy: _by, ...info } = run;
  return info;
}
