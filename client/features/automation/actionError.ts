// A failed action's message in the user's language: a refusal by role or an ended session in our words, anything
// else (a guard, a maintenance window, a validation problem) as the server said it.
import { TRPCClientError } from '@trpc/client';
import type { Translate } from '../../i18n/messages.js';
import type { AutomationMessages } from './automationMessages.js';

export function actionErrorText(tr: Translate<AutomationMessages>, e: unknown, what?: string): string {
  if (e instanceof TRPCClientError) {
    const code = (e.data as { code?: string } | undefined)?.code;
    if (code === 'FORBIDDEN') return tr('action.forbidden', { what: what ?? tr('action.generic'), detail: e.message });
    if (code === 'UNAUTHORIZED') return tr('action.signedOut');
  }
  return e instanceof Error ? e.message : String(e);
}
