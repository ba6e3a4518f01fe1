// Tickets & automation page: live ticket list with filters, a ticket's timeline, the rule editor with dry-run, maintenance and autonomy.
import { useCallback, useState } from 'react';
import type { TicketDetailWithSeries } from '../../../schema/automation.js';
import type { Verdict } from '../../../schema/autonomy.js';
import { useAppServices } from '../../app/AppServices.js';
import { useCan } from '../../app/permissions.js';
import { describeCallError } from '../../api/trpcClient.js';
import { usePolling } from '../../ui/usePolling.js';
import { RuleEditor } from './RuleEditor.js';
import { MaintenanceNow, MaintenanceTab } from './MaintenanceTab.js';
import { AutonomySection } from './AutonomySection.js';
import { BrakeBanner } from './BrakeBanner.js';
import { TicketList, type TicketFilters, type TicketSort } from './TicketList.js';
import { TicketTimeline } from './TicketTimeline.js';
import './automation.css';

export function AutomationPage() {
  const { trpc } = useAppServices();
  const can = useCan();
  const mayAct = can('tickets.act');
  const mayEditRules = can('rules.write');
  const [actError, setActError] = useState<string | null>(null);
  const [tab, setTab] = useState<'tickets' | 'rules' | 'maintenance' | 'autonomy'>('tickets');
  const [filters, setFilters] = useState<TicketFilters>({ states: [], severities: [], siteId: null });
  const [sort, setSort] = useState<TicketSort>('time');
  const [selected, setSelected] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [rev, setRev] = useState(0);

  const list = usePolling(() => trpc.automation.tickets.query({
    states: filters.states.length ? filters.states : undefined,
    severities: filters.severities.length ? filters.severities : undefined,
    siteId: filters.siteId ?? undefined,
    sort,
  }), 2000, [JSON.stringify(filters), sort, rev]);
  const detail = usePolling<TicketDetailWithSeries | null>(selected === null ? null : () => trpc.automation.ticket.query({ ticketId: selected }), 2000, [selected, rev]);
  const rules = usePolling(tab === 'rules' ? () => trpc.automation.rules.query() : null, 5000, [tab, rev]);
  const status = usePolling(() => trpc.automation.status.query(), 5000, [rev]);
  // Every tab shows the brake's banner from the status; the overview (mix, ledger) only on its own tab.
  const autonomy = usePolling(tab === 'autonomy' ? () => trpc.automation.autonomy.query() : null, 5000, [tab, rev]);
  const refresh = useCallback(() => setRev((r) => r + 1), []);
  // Decisions on a suggestion and verdicts: their refusals (a guard, a maintenance window) surface where they were made.
  const decide = useCallback(async (fn: () => Promise<unknown>) => { try { await fn(); } finally { setRev((r) => r + 1); } }, []);

  const act = useCallback(async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setActError(null);
    try { await fn(); } catch (e) { setActError(describeCallError(e)); } finally { setBusy(false); setRev((r) => r + 1); }
  }, []);

  const nowMs = list.value?.nowMs ?? Date.now();
  return (
    <main className="page automation">
      <header className="topbar page-head">
        <h1>Tickets &amp; automation</h1>
        <nav className="tabs">
          <button type="button" aria-pressed={tab === 'tickets'} onClick={() => setTab('tickets')}>Tickets</button>
          <button type="button" aria-pressed={tab === 'rules'} onClick={() => setTab('rules')}>Rules</button>
          <button type="button" aria-pressed={tab === 'maintenance'} onClick={() => setTab('maintenance')}>Maintenance</button>
          <button type="button" aria-pressed={tab === 'autonomy'} onClick={() => setTab('autonomy')}>Autonomy</button>
        </nav>
        {status.value && (
          <p className="muted small" data-testid="automation-status">
            {status.value.rules} rules · {status.value.alerts.firing} firing / {status.value.alerts.pending} pending · evaluated up to {status.value.lastEvaluatedMs ? new Date(status.value.lastEvaluatedMs).toISOString().slice(11, 16) : '—'}Z
            · tick {status.value.lastTickMs} ms · {status.value.heal.actions} runbooks run
            {status.value.webhook ? ` · webhook sent ${status.value.webhook.sent}, failed ${status.value.webhook.failed}` : ''}
          </p>
        )}
      </header>
      {(list.error || status.error || actError) && <p className="error" role="alert">{actError ?? list.error ?? status.error}</p>}
      <BrakeBanner brake={status.value?.brake} />
      {tab === 'tickets' && <MaintenanceNow />}
      {tab === 'tickets' ? (
        <div className={`automation-grid${detail.value ? ' with-detail' : ''}`}>
          {list.value ? (
            <TicketList tickets={list.value.tickets} counts={list.value.counts} nowMs={nowMs} filters={filters} onFilters={setFilters} sort={sort} onSort={setSort}
              selectedId={selected} onSelect={setSelected} />
          ) : <p className="muted">Loading tickets…</p>}
          {detail.value && (
            <TicketTimeline detail={detail.value} nowMs={nowMs} busy={busy} onOpenTicket={setSelected}
              {...(mayAct ? {
                onAcknowledge: () => void act(() => trpc.automation.acknowledge.mutate({ ticketId: detail.value!.ticket.ticketId })),
                onComment: (text: string) => void act(() => trpc.automation.comment.mutate({ ticketId: detail.value!.ticket.ticketId, text })),
                onResolve: (reason: string) => void act(() => trpc.automation.resolve.mutate({ ticketId: detail.value!.ticket.ticketId, reason })),
                onApprove: (note: string) => decide(() => trpc.automation.approve.mutate({ ticketId: detail.value!.ticket.ticketId, note })),
                onReject: (note: string) => decide(() => trpc.automation.reject.mutate({ ticketId: detail.value!.ticket.ticketId, note })),
                onVerdict: (verdict: Verdict, note: string) => decide(() => trpc.automation.setVerdict.mutate({ ticketId: detail.value!.ticket.ticketId, verdict, note })),
              } : {})} />
          )}
        </div>
      ) : tab === 'autonomy' ? <AutonomySection overview={autonomy} onChanged={refresh} /> : tab === 'maintenance' ? <MaintenanceTab /> : rules.value ? (
        <RuleEditor key={rev} rules={rules.value.rules} loadProblems={rules.value.problems}
          edit={mayEditRules ? {
            onSave: async (yaml, ruleId) => {
              const r = await trpc.automation.saveRule.mutate({ yaml, ruleId });
              // Only a saved rule refreshes (and remounts) the editor: problems must stay on screen.
              if (r.ok) setRev((x) => x + 1);
              return r.ok ? { ok: true } : { ok: false, problems: r.problems };
            },
            onDryRun: (yaml) => trpc.automation.dryRun.mutate({ yaml, hours: 24 }),
            onToggle: async (ruleId, enabled) => { await trpc.automation.setRuleEnabled.mutate({ ruleId, enabled }); setRev((x) => x + 1); },
          } : null} />
      ) : <p className="muted">Loading rules…</p>}
    </main>
  );
}
