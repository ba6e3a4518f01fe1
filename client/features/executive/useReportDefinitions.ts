// Loads the report definitions once, with the problems of definition files the server refused to load.
import { useEffect, useState } from 'react';
import type { ReportDefinition } from '../../../schema/executive.js';
import { describeCallError } from '../../api/trpcClient.js';
import type { DefinitionProblem, ExecutiveApi } from './executiveApi.js';

export interface DefinitionsState {
  definitions: ReportDefinition[] | null;
  error: string | null;
  /** Files with errors are not loaded: say so, or a report silently goes missing. */
  problems: readonly DefinitionProblem[];
}

export function useReportDefinitions(api: ExecutiveApi): DefinitionsState {
  const [state, setState] = useState<DefinitionsState>({ definitions: null, error: null, problems: [] });
  useEffect(() => {
    let cancelled = false;
    api.definitions().then(
      (definitions) => { if (!cancelled) setState((s) => ({ ...s, definitions, error: null })); },
      (e: unknown) => { if (!cancelled) setState((s) => ({ ...s, definitions: null, error: describeCallError(e, 'Listing report definitions') })); },
    );
    // Only a hint beside the definitions: if it cannot be read, the page works without it.
    api.definitionProblems().then((problems) => { if (!cancelled) setState((s) => ({ ...s, problems })); }, () => undefined);
    return () => { cancelled = true; };
  }, [api]);
  return state;
}
