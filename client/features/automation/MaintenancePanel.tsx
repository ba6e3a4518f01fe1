// Maintenance windows: the list (schedule, zone, matchers, sites covered, in force now or next, in the operator's time
// and UTC) and a form to create or edit one, with the server's per-field problems; read-only without edit actions.
import { useState } from 'react';
import {
  DEFAULT_MAINTENANCE_TIME_ZONE, MAINTENANCE_MATCHER_KEYS,
  type MaintenanceInput, type MaintenanceList, type MaintenanceProblem, type MaintenanceWindow, type SaveMaintenanceResult,
} from '../../../schema/maintenance.js';
import { describeCoverage, describeSchedule, formatInZone, formatOperatorAndUtc, operatorTimeZone } from './maintenanceFormat.js';
import './maintenance.css';

/** What a role with `silences.write` may do (on windows the server marks editable). */
export interface MaintenanceEditActions {
  onSave: (input: MaintenanceInput) => Promise<SaveMaintenanceResult>;
  onRemove: (id: string) => Promise<void>;
  onToggle: (id: string, enabled: boolean) => Promise<void>;
}

export interface MaintenancePanelProps {
  /** null while loading. */
  list: MaintenanceList | null;
  error?: string | null;
  /** null: read-only. */
  edit: MaintenanceEditActions | null;
  /** The zone "your time" is shown in (default: the browser's). */
  operatorZone?: string;
  initialDraft?: Draft | null;
  initialProblems?: readonly MaintenanceProblem[];
}

type MatcherKey = (typeof MAINTENANCE_MATCHER_KEYS)[number];
export interface Draft {
  id: string | null;
  name: string;
  kind: 'recurring' | 'once';
  cron: string;
  durationMinutes: string;
  timeZone: string;
  /** datetime-local values, read in the operator's zone. */
  startsLocal: string;
  endsLocal: string;
  matchers: Record<MatcherKey, string>;
  comment: string;
}

const NO_MATCHERS = Object.fromEntries(MAINTENANCE_MATCHER_KEYS.map((k) => [k, ''])) as Record<MatcherKey, string>;
export const NEW_DRAFT: Draft = {
  id: null, name: '', kind: 'recurring', cron: '0 2 * * SUN', durationMinutes: '240', timeZone: DEFAULT_MAINTENANCE_TIME_ZONE,
  startsLocal: '', endsLocal: '', matchers: NO_MATCHERS, comment: '',
};

/** A datetime-local value for an instant, in the browser's zone. */
function toLocalInput(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function draftOf(w: MaintenanceWindow): Draft {
  return {
    id: w.id, name: w.name, kind: w.cron === null ? 'once' : 'recurring', cron: w.cron ?? '', durationMinutes: String(w.durationMinutes),
    timeZone: w.timeZone, startsLocal: toLocalInput(w.startsMs), endsLocal: toLocalInput(w.endsMs),
    matchers: { ...NO_MATCHERS, ...w.matchers }, comment: w.comment,
  };
}

function inputOf(d: Draft, enabled: boolean): MaintenanceInput {
  const local = (s: string) => (s ? new Date(s).getTime() : null);
  const matchers = Object.fromEntries(Object.entries(d.matchers).filter(([, v]) => v.trim() !== '')) as Record<string, string>;
  const recurring = d.kind === 'recurring';
  const minutes = Number(d.durationMinutes);
  return {
    id: d.id, name: d.name, cron: recurring ? d.cron : null, durationMinutes: recurring && d.durationMinutes.trim() && Number.isInteger(minutes) ? minutes : null,
    timeZone: d.timeZone, startsMs: recurring ? null : local(d.startsLocal), endsMs: recurring ? null : local(d.endsLocal),
    matchers, enabled, comment: d.comment,
  };
}

let zoneList: readonly string[] | null = null;
function knownZones(): readonly string[] {
  if (!zoneList) {
    try { zoneList = Intl.supportedValuesOf('timeZone'); } catch { zoneList = [DEFAULT_MAINTENANCE_TIME_ZONE, 'UTC']; }
  }
  return zoneList;
}

function Problems({ of, problems }: { of: string; problems: readonly MaintenanceProblem[] }) {
  const mine = problems.filter((p) => p.field === of);
  return mine.length ? <span className="problems" data-field={of}>{mine.map((p) => p.message).join('; ')}</span> : null;
}

export function MaintenancePanel({ list, error = null, edit, operatorZone = operatorTimeZone(), initialDraft = null, initialProblems = [] }: MaintenancePanelProps) {
  const [draft, setDraft] = useState<Draft | null>(initialDraft);
  const [problems, setProblems] = useState<readonly MaintenanceProblem[]>(initialProblems);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try { await fn(); } catch (e) { setActionError(e instanceof Error ? e.message : String(e)); } finally { setBusy(false); }
  };
  const save = (d: Draft) => run(async () => {
    const enabled = list?.windows.find((v) => v.window.id === d.id)?.window.enabled ?? true;
    const r = await edit!.onSave(inputOf(d, enabled));
    if (r.ok) { setDraft(null); setProblems([]); } else setProblems(r.problems);
  });
  const known = new Set(['name', 'cron', 'durationMinutes', 'timeZone', 'startsMs', 'endsMs', 'matchers', 'comment', ...MAINTENANCE_MATCHER_KEYS.map((k) => `matchers.${k}`)]);
  const other = problems.filter((p) => !known.has(p.field));

  return (
    <section className="panel maintenance" aria-label="Maintenance windows">
      <header className="maintenance-head">
        <h2>Maintenance windows</h2>
        <span className="muted small">Alerts inside a window stay visible but open no ticket and run no runbook. {operatorZone === 'UTC' ? 'Times in UTC.' : `Times: your zone (${operatorZone}) and UTC.`}</span>
        {edit && !draft && <button type="button" onClick={() => { setDraft(NEW_DRAFT); setProblems([]); }}>New window</button>}
      </header>
      {(error || actionError) && <p className="error" role="alert">{actionError ?? error}</p>}
      {list === null ? (!error && <p className="muted">Loading maintenance windows…</p>) : list.windows.length === 0 ? (
        <p className="muted" data-testid="maintenance-empty">No maintenance windows. Alerts open tickets and runbooks run as usual.</p>
      ) : (
        <table className="maintenance-table" data-testid="maintenance-table">
          <thead><tr><th>on</th><th>window</th><th>schedule</th><th>matchers</th><th>covers</th><th>in force / next</th><th /></tr></thead>
          <tbody>
            {list.windows.map((v) => {
              const w = v.window;
              const next = v.upcoming[0];
              const mayEdit = edit !== null && v.editable;
              return (
                <tr key={w.id} data-testid={`maintenance-row-${w.id}`} className={v.active ? 'in-force' : undefined}>
                  <td>{mayEdit ? (
                    <input type="checkbox" aria-label={`enable ${w.name}`} checked={w.enabled} disabled={busy}
                      onChange={(e) => void run(() => edit.onToggle(w.id, e.target.checked))} />
                  ) : <span className={w.enabled ? 'tone-good' : 'muted'}>{w.enabled ? 'on' : 'off'}</span>}</td>
                  <td><b>{w.name}</b>{w.comment && <div className="muted small">{w.comment}</div>}<div className="muted small">by {w.createdBy}</div></td>
                  <td><code>{describeSchedule(w)}</code></td>
                  <td>{Object.entries(w.matchers).map(([k, val]) => <span key={k} className="matcher">{k}={val}</span>)}</td>
                  <td>{describeCoverage(v)}</td>
                  <td>
                    {v.active && <div><span className="badge in-force">in force</span> until {formatOperatorAndUtc(v.active.endsMs, operatorZone)}</div>}
                    {next ? <div className={v.active ? 'muted small' : undefined}>next {formatOperatorAndUtc(next.startsMs, operatorZone)}
                      {w.cron !== null && w.timeZone !== operatorZone && <div className="muted small">{formatInZone(next.startsMs, w.timeZone)} in {w.timeZone}</div>}</div>
                      : !v.active && <span className="muted">{w.enabled ? 'none in the next 7 days' : 'disabled'}</span>}
                  </td>
                  <td className="row-actions">{mayEdit && <>
                    <button type="button" disabled={busy} onClick={() => { setDraft(draftOf(w)); setProblems([]); }}>edit</button>
                    <button type="button" disabled={busy} onClick={() => void run(() => edit.onRemove(w.id))} aria-label={`remove ${w.name}`}>remove</button>
                  </>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {edit && draft && (
        <form className="maintenance-form" aria-label={draft.id ? 'Edit maintenance window' : 'New maintenance window'}
          onSubmit={(e) => { e.preventDefault(); void save(draft); }}>
          <label>name<input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="e.g. Guangdong BBU firmware" /><Problems of="name" problems={problems} /></label>
          <fieldset className="kind">
            <label><input type="radio" checked={draft.kind === 'recurring'} onChange={() => set({ kind: 'recurring' })} /> recurring (cron)</label>
            <label><input type="radio" checked={draft.kind === 'once'} onChange={() => set({ kind: 'once' })} /> once</label>
          </fieldset>
          {draft.kind === 'recurring' ? <>
            <label>cron <span className="muted small">minute hour day-of-month month day-of-week</span>
              <input className="mono" value={draft.cron} onChange={(e) => set({ cron: e.target.value })} spellCheck={false} /><Problems of="cron" problems={problems} /></label>
            <label>duration (minutes)<input type="number" min={1} max={10080} value={draft.durationMinutes} onChange={(e) => set({ durationMinutes: e.target.value })} /><Problems of="durationMinutes" problems={problems} /></label>
            <label>time zone<input list="maintenance-zones" value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} /><Problems of="timeZone" problems={problems} /></label>
            <datalist id="maintenance-zones">{knownZones().map((z) => <option key={z} value={z} />)}</datalist>
          </> : <>
            <label>starts (your time)<input type="datetime-local" value={draft.startsLocal} onChange={(e) => set({ startsLocal: e.target.value })} /><Problems of="startsMs" problems={problems} /></label>
            <label>ends (your time)<input type="datetime-local" value={draft.endsLocal} onChange={(e) => set({ endsLocal: e.target.value })} /><Problems of="endsMs" problems={problems} /></label>
            <Problems of="cron" problems={problems} />
          </>}
          <fieldset className="matchers">
            <legend>matchers <span className="muted small">(all must hold; at least one)</span></legend>
            {MAINTENANCE_MATCHER_KEYS.map((k) => (
              <label key={k}>{k}<input value={draft.matchers[k]} onChange={(e) => set({ matchers: { ...draft.matchers, [k]: e.target.value } })} /><Problems of={`matchers.${k}`} problems={problems} /></label>
            ))}
            <Problems of="matchers" problems={problems} />
          </fieldset>
          <label>comment<input value={draft.comment} onChange={(e) => set({ comment: e.target.value })} /><Problems of="comment" problems={problems} /></label>
          {other.length > 0 && <p className="problems" role="alert">{other.map((p) => `${p.field}: ${p.message}`).join('; ')}</p>}
          <div className="rule-buttons">
            <button type="submit" disabled={busy}>{draft.id ? 'Save window' : 'Create window'}</button>
            <button type="button" disabled={busy} onClick={() => { setDraft(null); setProblems([]); }}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
