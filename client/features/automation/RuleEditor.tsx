// Rule list (enable/disable) and a YAML editor with validation problems (line, field) and a 24 h dry-run; read-only without edit actions.
import { useState } from 'react';
import type { DryRunResult, RuleProblemInfo, RuleSummary } from '../../../schema/automation.js';
import { formatTime } from './ticketFormat.js';

export type SaveResult = { ok: true } | { ok: false; problems: RuleProblemInfo[] };

/** What a role with `rules.write` may do; without it the editor only shows the rules. */
export interface RuleEditActions {
  onSave: (yaml: string, ruleId: string | null) => Promise<SaveResult>;
  onDryRun: (yaml: string) => Promise<DryRunResult>;
  onToggle: (ruleId: string, enabled: boolean) => Promise<void>;
}

export interface RuleEditorProps {
  rules: readonly RuleSummary[];
  /** Problems of the rule files on the server (a bad file never stops the other rules). */
  loadProblems: readonly RuleProblemInfo[];
  /** null: read-only (no save, enable or dry-run). */
  edit: RuleEditActions | null;
  initialSelected?: string | null;
  initialDryRun?: DryRunResult | null;
}

const NEW_RULE = `id: my-rule
description: Describe what this catches
severity: major
when: "latency_z >= 4 and time_to_breach_min < 30"
for: 2m
group_by: [site_id]
action:
  runbook: notify
cooldown: 30m
`;

export function RuleEditor({ rules, loadProblems, edit, initialSelected = null, initialDryRun = null }: RuleEditorProps) {
  const [selected, setSelected] = useState<string | null>(initialSelected ?? rules[0]?.id ?? null);
  const current = rules.find((r) => r.id === selected);
  const [yaml, setYaml] = useState<string>(current?.yaml ?? NEW_RULE);
  const [problems, setProblems] = useState<readonly RuleProblemInfo[]>([]);
  const [dry, setDry] = useState<DryRunResult | null>(initialDryRun);
  const [busy, setBusy] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const pick = (r: RuleSummary | null) => { setSelected(r?.id ?? null); setYaml(r?.yaml ?? NEW_RULE); setProblems([]); setDry(null); setSaved(false); };
  const run = async <T,>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    setBusy(what);
    try { return await fn(); } catch (e) { setProblems([{ source: 'server', line: 0, column: 0, field: '', ruleId: null, message: (e as Error).message }]); return null; }
    finally { setBusy(null); }
  };

  return (
    <section className="panel rule-editor" aria-label="Rules">
      <div className="rule-list">
        <table>
          <thead><tr><th>rule</th><th>runbook</th><th>firing</th><th>on</th></tr></thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} aria-selected={r.id === selected} onClick={() => pick(r)}>
                <td title={r.description}>{r.id}<div className="muted small">{r.source.startsWith('api:') ? 'edited via API' : r.source.split('/').slice(-1)[0]}</div></td>
                <td>{r.runbook ?? '—'}</td>
                <td>{r.firing}{r.pending ? <span className="muted"> +{r.pending}</span> : null}</td>
                <td>{edit ? (
                  <input type="checkbox" aria-label={`enable ${r.id}`} checked={r.enabled} disabled={busy !== null}
                    onClick={(e) => e.stopPropagation()} onChange={(e) => void run('toggle', () => edit.onToggle(r.id, e.target.checked))} />
                ) : <span className={r.enabled ? 'tone-good' : 'muted'}>{r.enabled ? 'on' : 'off'}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {edit && <button type="button" onClick={() => pick(null)}>New rule</button>}
        {loadProblems.length > 0 && (
          <div className="problems" role="alert">
            <b>{loadProblems.length} problem(s) in rule files</b>
            <ul>{loadProblems.map((p, i) => <li key={i}>{p.source.split('/').slice(-1)[0]}:{p.line}:{p.column} {p.field && <code>{p.field}</code>} {p.message}</li>)}</ul>
          </div>
        )}
      </div>
      <div className="rule-form">
        <textarea aria-label="rule YAML" spellCheck={false} value={yaml} rows={18} readOnly={!edit} onChange={(e) => { setYaml(e.target.value); setSaved(false); }} />
        {!edit && <p className="muted small" data-testid="rules-read-only">Read-only: your role may not change, enable or dry-run rules (that needs rules.write).</p>}
        {edit && <div className="rule-buttons">
          <button type="button" disabled={busy !== null} onClick={() => void run('dry', async () => { const r = await edit.onDryRun(yaml); setDry(r); setProblems(r.problems); })}>
            {busy === 'dry' ? 'Replaying 24 h…' : 'Dry-run (last 24 h)'}
          </button>
          <button type="button" disabled={busy !== null} onClick={() => void run('save', async () => {
            const r = await edit.onSave(yaml, selected);
            if (r.ok) { setProblems([]); setSaved(true); } else setProblems(r.problems);
          })}>{selected ? 'Save' : 'Create'}</button>
          {saved && <span className="tone-good">saved</span>}
        </div>}
        {problems.length > 0 && (
          <ul className="problems" role="alert" data-testid="rule-problems">
            {problems.map((p, i) => <li key={i}>line {p.line}, col {p.column}{p.field ? <> · <code>{p.field}</code></> : null}: {p.message}</li>)}
          </ul>
        )}
        {dry && dry.problems.length === 0 && (
          <div className="dry-run" data-testid="dry-run">
            <p>Over {formatTime(dry.fromMs)} – {formatTime(dry.toMs)} ({dry.minutes} min replayed): <b>{dry.alerts.length}</b> alert(s) would have fired in <b>{dry.groups}</b> ticket group(s).</p>
            {dry.alerts.length > 0 && (
              <table>
                <thead><tr><th>site</th><th>group</th><th>pending</th><th>firing</th><th>resolved</th></tr></thead>
                <tbody>{dry.alerts.slice(0, 100).map((a, i) => (
                  <tr key={i}><td>{a.siteId}</td><td>{a.groupKey}</td><td>{formatTime(a.pendingAtMs)}</td><td>{a.firingAtMs === null ? '—' : formatTime(a.firingAtMs)}</td><td>{a.resolvedAtMs === null ? 'still firing' : formatTime(a.resolvedAtMs)}</td></tr>
                ))}</tbody>
              </table>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
