// Loads the report definitions (with a retry), and the problems of definition files the server refused to load.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReportDefinition } from '../../../schema/executive.js';
import { describeCallError } from '../../api/trpcClient.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import type { Loadable } from '../../ui/ViewState.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import type { DefinitionProblem, ExecutiveApi } from './executiveApi.js';

export interface DefinitionsState {
  definitions: Loadable<ReportDefinition[]>;
  /** Files with errors are not loaded: say so, or a report silently goes missing. */
  problems: readonly DefinitionProblem[];
  reload(): void;
}

export function useReportDefinitions(api: ExecutiveApi): DefinitionsState {
  const [definitions, setDefinitions] = useState<Loadable<ReportDefinition[]>>({ kind: 'loading' });
  const { t: common } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  // Read when a call fails, so a change of language does not ask the server again.
  const describe = useRef((e: unknown) => describeCallError(e, common, t('call.listDefinitions')));
  describe.current = (e: unknown) => describeCallError(e, common, t('call.listDefinitions'));
  const [problems, setProblems] = useState<readonly DefinitionProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setDefinitions({ kind: 'loading' });
    api.definitions().then(
      (defs) => { if (!cancelled) setDefinitions({ kind: 'ready', value: defs, asOfMs: Date.now() }); },
      (e: unknown) => { if (!cancelled) setDefinitions({ kind: 'error', error: describe.current(e) }); },
    );
    // Only a hint beside the definitions: if it cannot be read, the page works without it.
    api.definitionProblems().then((p) => { if (!cancelled) setProblems(p); }, () => undefined);
    return () => { cancelled = true; };
  }, [api, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { definitions, problems, reload };
}
