// Queues a rendering of the chosen report into the archive (only for users allowed to run reports).
import { useState } from 'react';
import { describeCallError } from '../../api/trpcClient.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import type { ExecutiveApi, ReportRequest } from './executiveApi.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { periodNameOfLabel } from './reportStamps.js';

export function RunNowButton({ api, request, onQueued }: { api: ExecutiveApi; request: ReportRequest; onQueued: () => void }) {
  const { locale, t: common } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const period = periodNameOfLabel(request.period, locale);
  const run = () => {
    setBusy(true);
    setMessage(null);
    api.runNow(request).then(
      () => { setMessage({ text: t('queued', { period }), error: false }); onQueued(); },
      (e: unknown) => setMessage({ text: describeCallError(e, common, t('call.runReport')), error: true }),
    ).finally(() => setBusy(false));
  };
  return (
    <span className="run-now">
      <button type="button" onClick={run} disabled={busy} data-testid="run-now">{busy ? t('queuing') : t('runNow', { period })}</button>
      {message && <span className={message.error ? 'error' : 'muted'} role="status">{message.text}</span>}
    </span>
  );
}
