// Queues a rendering of the chosen report into the archive (only for users allowed to run reports).
import { useState } from 'react';
import { describeCallError } from '../../api/trpcClient.js';
import type { ExecutiveApi, ReportRequest } from './executiveApi.js';

export function RunNowButton({ api, request, onQueued }: { api: ExecutiveApi; request: ReportRequest; onQueued: () => void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const run = () => {
    setBusy(true);
    setMessage(null);
    api.runNow(request).then(
      () => { setMessage({ text: `Rendering ${request.period} queued.`, error: false }); onQueued(); },
      (e: unknown) => setMessage({ text: describeCallError(e, 'Running a report'), error: true }),
    ).finally(() => setBusy(false));
  };
  return (
    <span className="run-now">
      <button type="button" onClick={run} disabled={busy} data-testid="run-now">{busy ? 'Queuing…' : `Render ${request.period} now`}</button>
      {message && <span className={message.error ? 'error' : 'muted'} role="status">{message.text}</span>}
    </span>
  );
}
