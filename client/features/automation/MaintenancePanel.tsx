// Maintenance windows: the list (schedule, zone, matchers, sites covered, in force now or next, in the operator's zone
// with UTC on hover) and a form to create or edit one, checked as it is typed (cron, duration, zone, a one-off window's
// start before its end, matchers) and then by the server (its per-field problems); read-only without edit actions.
import { useMemo, useState } from 'react';
import { MAINTENANCE_LIMITS, MAINTENANCE_MATCHER_KEYS, type MaintenanceInput, type MaintenanceList, type MaintenanceProblem, type SaveMaintenanceResult } from '../../../schema/maintenance.js';
import { createFormatters } from '../../i18n/formatters.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { Time } from '../../ui/Time.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import { checkDraft, draftOf, NEW_DRAFT, type Draft, type FormProblem, type MatcherKey } from './maintenanceForm.js';
import { describeCoverage, describeSchedule, problemText } from './maintenanceFormat.js';
import { MAINTENANCE_MESSAGES } from './maintenanceMessages.js';
import { rich } from './richText.js';
import './automation.css';
import './maintenance.css';

export { NEW_DRAFT, type Draft } from './maintenanceForm.js';

/** What a role with `silences.write` may do (on windows the server marks editable). */
export interface MaintenanceEditActions {
  onSave: (input: MaintenanceInput) => Promise<SaveMaintenanceResult>;
  onRemove: (id: string) => Promise<void>;
  onToggle: (id: string, enabled: boolean) => Promise<void>;
}

export interface MaintenancePanelProps {
  state: Loadable<MaintenanceList>;
  /** null: read-only. */
  edit: MaintenanceEditActions | null;
  onRetry?: () => void;
  initialDraft?: Draft | null;
  /** The server's problems with a draft (stories). */
  initialProblems?: readonly MaintenanceProblem[];
}

let zoneList: readonly string[] | null = null;
function knownZones(): readonly string[] {
  if (!zoneList) {
    try { zoneList = Intl.supportedValuesOf('timeZone'); } catch { zoneList = ['Asia/Shanghai', 'UTC']; }
  }
  return zoneList;
}

export function MaintenancePanel({ state, edit, onRetry, initialDraft = null, initialProblems = [] }: MaintenancePanelProps) {
  const t = useMessages(MAINTENANCE_MESSAGES);
  const { timeZone } = useI18n();
  const [draft, setDraft] = useState<Draft | null>(initialDraft);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const list = state.kind === 'ready' ? state.value : null;

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try { await fn(); } catch (e) { setActionError(e instanceof Error ? e.message : String(e)); } finally { setBusy(false); }
  };

  return (
    <section className="panel maintenance" aria-label={t('label')} aria-busy={state.kind === 'loading'}>
      <header className="maintenance-head">
        <h2>{t('title')}</h2>
        <span className="muted small">{t('explain')} {t('timesIn', { tz: timeZone })}</span>
        {state.kind === 'ready' && <span className="small"><AsOf ms={state.asOfMs} /></span>}
        {edit && !draft && <button type="button" className="btn" onClick={() => setDraft(NEW_DRAFT)}>{t('newWindow')}</button>}
      </header>
      {actionError && <p className="action-error" role="alert">{actionError}</p>}
      <Loaded state={state} what={t('what')} onRetry={onRetry} isEmpty={(v) => v.windows.length === 0} empty={<span data-testid="maintenance-empty">{t('empty')}</span>}>
        {(v) => <WindowTable list={v} edit={edit} busy={busy} run={run} onEdit={(d) => setDraft(d)} />}
      </Loaded>
      {edit && draft && (
        <WindowForm key={draft.id ?? 'new'} initial={draft} initialProblems={initialProblems} busy={busy}
          enabled={list?.windows.find((w) => w.window.id === draft.id)?.window.enabled ?? true}
          onCancel={() => setDraft(null)}
          onSave={async (input) => {
            setBusy(true);
            try {
              const r = await edit.onSave(input);
              if (r.ok) setDraft(null);
              return r.ok ? [] : r.problems;
            } finally { setBusy(false); }
          }} />
      )}
    </section>
  );
}

function WindowTable({ list, edit, busy, run, onEdit }: {
  list: MaintenanceList; edit: MaintenanceEditActions | null; busy: boolean; run: (fn: () => Promise<void>) => Promise<void>; onEdit: (d: Draft) => void;
}) {
  const t = useMessages(MAINTENANCE_MESSAGES);
  const { fmt, locale, timeZone } = useI18n();
  const places = usePlaceNames();
  const matcherValue = (k: string, v: string) => (k === 'province' ? places.province(v) : k === 'region' ? places.region(v) : v);
  return (
    <table className="maintenance-table" data-testid="maintenance-table">
      <thead><tr><th>{t('col.on')}</th><th>{t('col.window')}</th><th>{t('col.schedule')}</th><th>{t('col.matchers')}</th><th>{t('col.covers')}</th><th>{t('col.when')}</th><th><span className="sr-only">{t('edit')}</span></th></tr></thead>
      <tbody>
        {list.windows.map((v) => {
          const w = v.window;
          const next = v.upcoming[0];
          const mayEdit = edit !== null && v.editable;
          // A cron window's own zone, when it is not the operator's: its wall clock there too.
          const windowFmt = w.cron !== null && w.timeZone !== timeZone ? createFormatters(locale, w.timeZone) : null;
          return (
            <tr key={w.id} data-testid={`maintenance-row-${w.id}`} className={v.active ? 'in-force' : undefined}>
              <td>{mayEdit ? (
                <input type="checkbox" aria-label={t('enable', { name: w.name })} checked={w.enabled} disabled={busy}
                  onChange={(e) => void run(() => edit.onToggle(w.id, e.target.checked))} />
              ) : <span className={w.enabled ? 'tone-ok' : 'muted'}>{w.enabled ? t('on') : t('off')}</span>}</td>
              <td><b>{w.name}</b>{w.comment && <div className="muted small">{w.comment}</div>}<div className="muted small">{t('by', { who: w.createdBy })}</div></td>
              <td><code>{describeSchedule(t, fmt, w)}</code></td>
              <td>{Object.entries(w.matchers).map(([k, val]) => <span key={k} className="matcher" title={`${k}=${val}`}>{k}={matcherValue(k, val)}</span>)}</td>
              <td className="nowrap">{describeCoverage(t, v)}</td>
              <td>
                {v.active && <div><span className="badge in-force">{t('inForce')}</span> {rich(t('until'), { time: <Time ms={v.active.endsMs} /> })}</div>}
                {next ? (
                  <div className={v.active ? 'muted small' : undefined}>{rich(t('next'), { time: <Time ms={next.startsMs} /> })}
                    {windowFmt && <div className="muted small">{t('inWindowZone', { time: windowFmt.dateTime(next.startsMs), zone: w.timeZone })}</div>}
                  </div>
                ) : !v.active && <span className="muted">{w.enabled ? t('noneSoon') : t('disabled')}</span>}
              </td>
              <td className="row-actions">{mayEdit && <>
                <button type="button" className="btn" disabled={busy} onClick={() => onEdit(draftOf(w, timeZone))}>{t('edit')}</button>
                <button type="button" className="btn" disabled={busy} onClick={() => void run(() => edit.onRemove(w.id))} aria-label={t('removeLabel', { name: w.name })}>{t('remove')}</button>
              </>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function WindowForm({ initial, initialProblems, enabled, busy, onSave, onCancel }: {
  initial: Draft; initialProblems: readonly MaintenanceProblem[]; enabled: boolean; busy: boolean;
  onSave: (input: MaintenanceInput) => Promise<readonly MaintenanceProblem[]>; onCancel: () => void;
}) {
  const t = useMessages(MAINTENANCE_MESSAGES);
  const { t: common, fmt, timeZone } = useI18n();
  const places = usePlaceNames();
  const [draft, setDraft] = useState<Draft>(initial);
  const [serverProblems, setServerProblems] = useState<readonly MaintenanceProblem[]>(initialProblems);
  // A field's own problems show once it was changed (or after a save was tried), not while the form is fresh.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(initialProblems.length ? ['*'] : []));
  const [error, setError] = useState<string | null>(null);
  const { input, problems } = useMemo(() => checkDraft(draft, timeZone, enabled), [draft, timeZone, enabled]);
  const set = (field: string, patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched((s) => new Set(s).add(field));
    // The server's word on a field was about the value it was sent: editing the field retires it.
    setServerProblems((ps) => ps.filter((p) => p.field !== field));
  };
  const shown = (field: string) => touched.has('*') || touched.has(field) || (field.startsWith('matchers') && touched.has('matchers'));
  // Our own check first; the server's message for a field only where ours finds nothing (it may know more: a runbook name).
  const mine = (field: string): string[] => {
    const own = problems.filter((p) => p.field === field && shown(field)).map((p) => problemText(t, common, fmt, p));
    return own.length ? own : serverProblems.filter((p) => p.field === field).map((p) => p.message);
  };
  const ids = (field: string) => `mw-${field.replace('.', '-')}-problem`;
  const Problems = ({ field }: { field: string }) => {
    const msgs = mine(field);
    return msgs.length ? <span className="problems field-error" id={ids(field)} data-field={field}>{msgs.join(' ')}</span> : null;
  };
  const invalid = (field: string) => ({ 'aria-invalid': mine(field).length > 0, 'aria-describedby': mine(field).length ? ids(field) : undefined });
  const known = new Set(['name', 'cron', 'durationMinutes', 'timeZone', 'startsMs', 'endsMs', 'matchers', 'comment', ...MAINTENANCE_MATCHER_KEYS.map((k) => `matchers.${k}`)]);
  const other = serverProblems.filter((p) => !known.has(p.field));
  const submit = async () => {
    setTouched(new Set(['*']));
    if (problems.length > 0) return;
    setError(null);
    try { setServerProblems(await onSave(input)); } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const duration = Number(draft.durationMinutes);
  const place = (k: MatcherKey, v: string) => (k === 'province' ? places.province(v.trim()) : k === 'region' ? places.region(v.trim()) : null);
  const zoneListId = 'maintenance-zones';
  return (
    <form className="maintenance-form" aria-label={draft.id ? t('form.edit') : t('form.new')} noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <label>{t('form.name')}<input value={draft.name} onChange={(e) => set('name', { name: e.target.value })} placeholder={t('form.namePlaceholder')} {...invalid('name')} /><Problems field="name" /></label>
      <fieldset className="kind">
        <legend className="sr-only">{t('form.kind')}</legend>
        <label><input type="radio" name="mw-kind" checked={draft.kind === 'recurring'} onChange={() => set('kind', { kind: 'recurring' })} /> {t('form.recurring')}</label>
        <label><input type="radio" name="mw-kind" checked={draft.kind === 'once'} onChange={() => set('kind', { kind: 'once' })} /> {t('form.once')}</label>
      </fieldset>
      {draft.kind === 'recurring' ? <>
        <label>{t('form.cron')} <span className="muted small">{t('form.cronHint')}</span>
          <input className="mono" value={draft.cron} onChange={(e) => set('cron', { cron: e.target.value })} spellCheck={false} {...invalid('cron')} data-testid="mw-cron" /><Problems field="cron" /></label>
        <label>{t('form.duration')}
          <span className="with-unit">
            <input type="number" min={MAINTENANCE_LIMITS.minDurationMinutes} max={MAINTENANCE_LIMITS.maxDurationMinutes} value={draft.durationMinutes} onChange={(e) => set('durationMinutes', { durationMinutes: e.target.value })} {...invalid('durationMinutes')} data-testid="mw-duration" />
            {Number.isInteger(duration) && duration > 0 && <span className="muted small">{t('form.durationIs', { duration: fmt.duration(duration * 60) })}</span>}
          </span>
          <Problems field="durationMinutes" /></label>
        <label>{t('form.zone')}<input list={zoneListId} value={draft.timeZone} onChange={(e) => set('timeZone', { timeZone: e.target.value })} {...invalid('timeZone')} /><Problems field="timeZone" /></label>
        <datalist id={zoneListId}>{knownZones().map((z) => <option key={z} value={z} />)}</datalist>
      </> : <>
        <label>{t('form.starts', { tz: timeZone })}<input type="datetime-local" value={draft.startsLocal} onChange={(e) => set('startsMs', { startsLocal: e.target.value })} {...invalid('startsMs')} data-testid="mw-starts" /><Problems field="startsMs" /></label>
        <label>{t('form.ends', { tz: timeZone })}<input type="datetime-local" value={draft.endsLocal} onChange={(e) => set('endsMs', { endsLocal: e.target.value })} {...invalid('endsMs')} data-testid="mw-ends" /><Problems field="endsMs" /></label>
      </>}
      <fieldset className="matchers">
        <legend>{t('form.matchers')} <span className="muted small">{t('form.matchersHint')}</span></legend>
        {MAINTENANCE_MATCHER_KEYS.map((k) => {
          const zh = draft.matchers[k].trim() ? place(k, draft.matchers[k]) : null;
          return (
            <label key={k}>{t(`matcher.${k}`)}
              <input value={draft.matchers[k]} onChange={(e) => set(`matchers.${k}`, { matchers: { ...draft.matchers, [k]: e.target.value } })} {...invalid(`matchers.${k}`)} />
              {zh && zh !== draft.matchers[k].trim() && <span className="muted small">= {zh}</span>}
              <Problems field={`matchers.${k}`} />
            </label>
          );
        })}
        <Problems field="matchers" />
      </fieldset>
      <label>{t('form.comment')}<input value={draft.comment} onChange={(e) => set('comment', { comment: e.target.value })} {...invalid('comment')} /><Problems field="comment" /></label>
      {other.length > 0 && <p className="problems field-error" role="alert">{other.map((p) => `${p.field}: ${p.message}`).join('; ')}</p>}
      {touched.has('*') && problems.length > 0 && <p className="field-error" role="alert" data-testid="mw-fix-first">{t('form.fixFirst')}</p>}
      {error && <p className="action-error" role="alert">{error}</p>}
      <div className="rule-buttons">
        <button type="submit" className="btn" disabled={busy} data-testid="mw-save">{draft.id ? t('form.save') : t('form.create')}</button>
        <button type="button" className="btn plain" disabled={busy} onClick={onCancel}>{t('form.cancel')}</button>
      </div>
    </form>
  );
}

export type { FormProblem };
