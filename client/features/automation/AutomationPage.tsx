// Tickets & automation page: live ticket list with filters, a ticket's timeline, the rule editor with dry-run, maintenance
// and autonomy. The tab, the open ticket, filters, sort and the rule being edited live in the URL (automationView.ts).
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Verdict } from '../../../schema/autonomy.js';
import { useAppServices } from '../../app/AppServices.js';
import { useHash, useHashState } from '../../app/hashRoute.js';
import { useCan } from '../../app/permissions.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { Loaded, LoadingState } from '../../ui/ViewState.js';
import { describeCallError } from '../../api/trpcClient.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { AUTOMATION_TABS, AUTOMATION_VIEW, filtersOf, ticketHash, type TicketFilters } from './automationView.js';
import { AutonomySection } from './AutonomySection.js';
import { BrakeBanner } from './BrakeBanner.js';
import { MaintenanceNow, MaintenanceTab } from './MaintenanceTab.js';
import { rich } from './richText.js';
import { RULE_MESSAGES } from './ruleMessages.js';
import { RuleEditor } from './RuleEditor.js';
import { ServerClock } from './serverClock.js';
import { TicketList } from './TicketList.js';
import { TicketTimeline } from './TicketTimeline.js';
import { usePolling } from '../../ui/usePolling.js';
import './automation.css';

export function AutomationPage() {
  const { trpc } = useAppServices();
  const t = useMessages(AUTOMATION_MESSAGES);
  const tr = useMessages(RULE_MESSAGES);
  const { fmt, t: common } = useI18n();
  const can = useCan();
  const mayAct = can('tickets.act');
  const mayEditRules = can('rules.write');
  const [view, setView] = useHashState(AUTOMATION_VIEW);
  const hash = useHash();
  const [actError, setActError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rulesRev, setRulesRev] = useState(0);
  const clock = useRef(new ServerClock()).current;
  const serverAsOf = useCallback((v: { nowMs: number }, at: number) => clock.observe(v.nowMs, at), [clock]);
  const clockAsOf = useCallback((_: unknown, at: number) => clock.at(at), [clock]);

  const { tab } = view;
  const filters = filtersOf(view);
  const listKey = JSON.stringify([view.states, view.severities, view.site, view.sort]);
  const list = usePolling(tab === 'tickets' ? () => trpc.automation.tickets.query({
    states: view.states.length ? view.states : undefined,
    severities: view.severities.length ? view.severities : undefined,
    siteId: view.site ?? undefined,
    sort: view.sort,
  }) : null, 2000, [tab === 'tickets', listKey], { asOf: serverAsOf });
  const ticketId = tab === 'tickets' ? view.ticket : null;
  const detail = usePolling(ticketId !== null ? () => trpc.automation.ticket.query({ ticketId }) : null, 2000, [ticketId], { asOf: clockAsOf });
  const rules = usePolling(tab === 'rules' ? () => trpc.automation.rules.query() : null, 5000, [tab === 'rules', rulesRev], { asOf: clockAsOf });
  const status = usePolling(() => trpc.automation.status.query(), 5000, [], { asOf: clockAsOf });
  // Every tab shows the brake's banner from the status; the overview (mix, ledger) only on its own tab.
  const autonomy = usePolling(tab === 'autonomy' ? () => trpc.automation.autonomy.query() : null, 5000, [tab === 'autonomy'], { asOf: serverAsOf });
  const refreshAutonomy = useCallback(() => { autonomy.refresh(); status.refresh(); }, [autonomy, status]);

  // After an action the list and the ticket are asked again at once, without blanking them.
  const afterAction = useCallback(() => { list.refresh(); detail.refresh(); status.refresh(); }, [list, detail, status]);
  const act = useCallback(async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setActError(null);
    try { await fn(); } catch (e) { setActError(describeCallError(e, common)); } finally { setBusy(false); afterAction(); }
  }, [afterAction, t]);
  // Decisions on a suggestion and verdicts: their refusals (a guard, a maintenance window) surface where they were made.
  const decide = useCallback(async (fn: () => Promise<unknown>) => { try { await fn(); } finally { afterAction(); } }, [afterAction]);

  const openTicket = useCallback((id: number | null) => setView((v) => ({ ...v, tab: 'tickets', ticket: id })), [setView]);
  const setFilters = useCallback((f: TicketFilters) => {
    // The site field is typed: its keystrokes replace the URL instead of piling up history; chips push.
    setView((v) => ({ ...v, states: f.states, severities: f.severities, site: f.siteId }), { replace: f.siteId !== view.site && f.states === view.states && f.severities === view.severities });
  }, [setView, view.site, view.states, view.severities]);
  const hrefOf = useCallback((id: number) => ticketHash(hash, id), [hash]);
  const actions = useMemo(() => (mayAct && ticketId !== null ? {
    onAcknowledge: () => void act(() => trpc.automation.acknowledge.mutate({ ticketId })),
    onComment: (text: string) => void act(() => trpc.automation.comment.mutate({ ticketId, text })),
    onResolve: (reason: string) => void act(() => trpc.automation.resolve.mutate({ ticketId, reason })),
    onApprove: (note: string) => decide(() => trpc.automation.approve.mutate({ ticketId, note })),
    onReject: (note: string) => decide(() => trpc.automation.reject.mutate({ ticketId, note })),
    onVerdict: (verdict: Verdict, note: string) => decide(() => trpc.automation.setVerdict.mutate({ ticketId, verdict, note })),
  } : {}), [mayAct, ticketId, act, decide, trpc]);

  const s = status.state.kind === 'ready' ? status.state.value : null;
  const nowMs = detail.state.kind === 'ready' && detail.state.asOfMs !== null ? detail.state.asOfMs : clock.at(Date.now());
  return (
    <main className="page automation">
      <header className="topbar page-head">
        <h1>{t('page.title')}</h1>
        <nav className="tabs" aria-label={t('page.tabs')}>
          {AUTOMATION_TABS.map((x) => (
            <button key={x} type="button" aria-pressed={tab === x} data-testid={`tab-${x}`} onClick={() => setView((v) => ({ ...v, tab: x }))}>{t(`tab.${x}`)}</button>
          ))}
        </nav>
        <div className="muted small" data-testid="automation-status">
          {status.state.kind === 'loading' ? <LoadingState what={t('status.what')} compact />
            : status.state.kind === 'error' ? <span className="tone-bad">{status.state.error}</span>
              : s && <>
                {t('status.rules', { n: s.rules })} · {t('status.alerts', { firing: fmt.count(s.alerts.firing), pending: fmt.count(s.alerts.pending) })}
                {' · '}{s.lastEvaluatedMs ? rich(t('status.evaluated'), { time: <Time ms={s.lastEvaluatedMs} /> }) : t('status.notEvaluated')}
                {' · '}{t('status.tick', { ms: fmt.decimal(s.lastTickMs, 1) })} · {t('status.runbooks', { n: s.heal.actions })}
                {s.webhook ? <> · {t('status.webhook', { sent: fmt.count(s.webhook.sent), failed: fmt.count(s.webhook.failed) })}</> : null}
              </>}
        </div>
      </header>
      {actError && <p className="action-error" role="alert">{actError}</p>}
      <BrakeBanner brake={s?.brake} />
      {tab === 'tickets' && <>
        <MaintenanceNow />
        <TicketList state={list.state} onRetry={list.retry} filters={filters} onFilters={setFilters} sort={view.sort}
          onSort={(sort) => setView((v) => ({ ...v, sort }))} selectedId={view.ticket} onSelect={openTicket} hrefOf={hrefOf} />
        {ticketId !== null && (
          <TicketTimeline key={ticketId} ticketId={ticketId} state={detail.state} onRetry={detail.retry} nowMs={nowMs} busy={busy}
            onClose={() => openTicket(null)} onOpenTicket={openTicket} {...actions} />
        )}
      </>}
      {tab === 'autonomy' && <AutonomySection overview={autonomy} onChanged={refreshAutonomy} />}
      {tab === 'maintenance' && <MaintenanceTab />}
      {tab === 'rules' && (
        <Loaded state={rules.state} what={tr('what')} onRetry={rules.retry}>
          {(r) => (
            <RuleEditor key={rulesRev} rules={r.rules} loadProblems={r.problems} initialSelected={view.rule}
              onSelect={(rule) => setView((v) => ({ ...v, rule }))}
              edit={mayEditRules ? {
                onSave: async (yaml, ruleId) => {
                  const res = await trpc.automation.saveRule.mutate({ yaml, ruleId });
                  // Only a saved rule reloads (and remounts) the editor: problems must stay on screen.
                  if (res.ok) setRulesRev((x) => x + 1);
                  return res.ok ? { ok: true } : { ok: false, problems: res.problems };
                },
                onDryRun: (yaml, hours) => trpc.automation.dryRun.mutate({ yaml, hours }),
                onToggle: async (ruleId, enabled) => { try { await trpc.automation.setRuleEnabled.mutate({ ruleId, enabled }); } finally { rules.refresh(); } },
              } : null} />
          )}
        </Loaded>
      )}
    </main>
  );
}
