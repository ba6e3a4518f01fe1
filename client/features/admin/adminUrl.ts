// The admin page's view in the URL (#/admin?tab=audit&actor=li.wei, #/admin?user=zhang.min): the open tab, the user being
// edited or the new-user form, the token list's user and the applied audit filters; restored in a new tab, back/forward walk it.
import { AUDIT_ACTIONS, type AuditAction } from '../../../schema/access.js';
import { param, type ParamCodec } from '../../app/hashRoute.js';
import type { AuditFilters } from './auditQuery.js';

export const ADMIN_TABS = ['users', 'tokens', 'audit'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

export type AdminView = {
  tab: AdminTab;
  /** The user open for editing (users tab). */
  user: string | null;
  /** The new-user form is open (users tab). */
  creating: boolean;
  /** Whose tokens are listed; null = everyone's. */
  tokensOf: string | null;
  audit: AuditFilters;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (key: string): ParamCodec<string> => ({
  read: (p) => { const v = p.get(key) ?? ''; return DAY.test(v) ? v : ''; },
  write: (v, p) => { if (v) p.set(key, v); else p.delete(key); },
});

const auditFilters: ParamCodec<AuditFilters> = {
  read: (p) => {
    const action = p.get('action') ?? '';
    return {
      fromDay: day('from').read(p), toDay: day('to').read(p), actor: p.get('actor') ?? '',
      action: (AUDIT_ACTIONS as readonly string[]).includes(action) ? (action as AuditAction) : '',
    };
  },
  write: (v, p) => {
    day('from').write(v.fromDay, p);
    day('to').write(v.toDay, p);
    if (v.actor) p.set('actor', v.actor); else p.delete('actor');
    if (v.action) p.set('action', v.action); else p.delete('action');
  },
};

export const ADMIN_VIEW: ParamCodec<AdminView> = param.object<AdminView>({
  tab: param.oneOf('tab', ADMIN_TABS, 'users'),
  user: param.text('user'),
  creating: param.flag('new'),
  tokensOf: param.text('of'),
  audit: auditFilters,
});
