// The executive page (#/executive): the report screen wired to this session's tRPC client and permissions.
import { useMemo } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { useCan } from '../../app/permissions.js';
import { executiveApiOf, mayRunReports } from './executiveApi.js';
import { ExecutiveScreen } from './ExecutiveScreen.js';

export function ExecutivePage() {
  const { trpc } = useAppServices();
  const api = useMemo(() => executiveApiOf(trpc), [trpc]);
  return <ExecutiveScreen api={api} canRun={mayRunReports(useCan())} />;
}
