// What the closed loop's routers share: the automation service (or why it is off), and the rule that a scoped user's
// silence or maintenance window is pinned inside their scope.
import { TRPCError } from '@trpc/server';
import { NotFoundError, UnavailableError } from '../../schema/domainErrors.js';
import type { AutomationService } from '../automation/automationService.js';

export function automationOf(a: AutomationService | null): AutomationService {
  if (!a) throw new UnavailableError('automation is off (OPSDECK_AUTOMATION=off)');
  return a;
}

/**
 * Refuses a muting entry (`what`: 'silence', 'maintenance window') that is not pinned inside the user's scope: one on
 * fleet-wide labels would mute other regions' alerts too, and one naming a site outside it is as unknown as a missing
 * site. `pins` lists the matchers that pin it to places.
 */
export function assertPinnedInside(reach: 'inside' | 'outside' | 'fleet', matchers: Readonly<Record<string, string>>, what: string, pins: string): void {
  if (reach === 'inside') return;
  if (reach === 'outside' && matchers.site_id !== undefined) throw new NotFoundError(`no site ${matchers.site_id}`);
  throw new TRPCError({
    code: 'FORBIDDEN',
    message: reach === 'outside' ? `that ${what} matches alerts outside your data scope`
      : `with a data scope, a ${what} must name a ${pins} inside it`,
  });
}
