// Rule list (enable/disable) and a YAML editor with validation problems (line, field) and a dry-run over the last
// 0.25-24 h; read-only without edit actions. Rule texts and the loader's problems are shown as written.
import { useEffect, useRef, useState } from 'react';
import type { DryRunResult, RuleProblemInfo, RuleSummary } from '../../../schema/automation.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { rich } from './richText.js';
import { RULE_MESSAGES } from './ruleMessages.js';
import './automation.css';

export type SaveResult = { ok: true } | { ok: false; problems: RuleProblemInfo[] };

/** What a role with `rules.write` may do; without it the editor only shows the rules. */
export interface RuleEditActions {
  onSave: (yaml: string, ruleId: string | null) => Promise<SaveResult>;
  onDryRun: (yaml: string, hours: number) => Promise<DryRunResult>;
  onToggle: (ruleId: string, enabled: boolean) => Promise<void>;
}

export interface RuleEditorProps {
  rules: readonly RuleSummary[];
  /** Problems of the rule files on the server (a bad file never stops the other rules). */
  loadProblems: readonly RuleProblemInfo[];
  /** null: read-only (no save, enable or dry-run). */
  edit: RuleEditActions | null;
  /** The rule to open (from the URL); a later change (back/forward) opens that rule. */
  initialSelected?: string | null;
  /** A rule was picked (null: a new one). */
  onSelect?: (ruleId: string | null) => void;
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

/** The server's limits: YAML size, and the dry-run's replay of the hot window. */
export const RULE_YAML_MAX_CHARS = 20_000;
export const DRY_RUN_HOURS = { min: 0.25, max: 24 } as const;
const DRY_ROWS = 100;

export function validDryRunHours(text: string): number | null {
  const h = Number(text);
  return text.trim() !== '' && Number.isFinite(h) && h >= DRY_RUN_HOURS.min && h <= DRY_RUN_HOURS.max ? h : null;
}

export function RuleEditor({ rules, loadProblems, edit, initialSelected = null, onSelect, initialDryRun = null }: RuleEditorProps) {
  const t = useMessages(RULE_MESSAGES);
  const [selected, setSelected] = useState<string | null>(initialSelected ?? rules[0]?.id ?? null);
  const current = rules.find((r) => r.id === selected);
  const [yaml, setYaml] = useState<string>(current?.yaml ?? NEW_RULE);
  const [problems, setProblems] = useState<readonly RuleProblemInfo[]>([]);
  const [dry, setDry] = useState<DryRunResult | null>(initialDryRun);
  const [hoursText, setHoursText] = useState('24');
  const [busy, setBusy] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // The text a dry-run answers for: a result for text since edited is dropped, never shown under the new text.
  const yamlRef = useRef(yaml);
  yamlRef.current = yaml;

  const show = (r: RuleSummary | null) => { setSelected(r?.id ?? null); setYaml(r?.yaml ?? NEW_RULE); setProblems([]); setDry(null); setSaved(false); };
  const pick = (r: RuleSummary | null) => { show(r); onSelect?.(r?.id ?? null); };
  // Back/forward to another rule.
  useEffect(() => {
    if (initialSelected !== null && initialSelected !== selected) { const r = rules.find((x) => x.id === initialSelected); if (r) show(r); }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialSelected]);
  const run = async <T,>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    setBusy(what);
    try { return await fn(); } catch (e) { setProblems([{ source: 'server', line: 0, column: 0, field: '', ruleId: null, message: (e as Error).message }]); return null; }
    finally { setBusy(null); }
  };
  const hours = validDryRunHours(hoursText);
  const yamlProblem = yaml.trim() === '' ? t('empty') : yaml.length > RULE_YAML_MAX_CHARS ? t('tooLong', { max: RULE_YAML_MAX_CHARS, n: yaml.length }) : null;

  return (
    <section className="panel rule-editor" aria-label={t('label')}>
      <div className="rule-list">
        <table>
          <thead><tr><th>{t('col.rule')}</th><th>{t('col.runbook')}</th><th>{t('col.firing')}</th><th>{t('col.enabled')}</th></tr></thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} aria-selected={r.id === selected} onClick={() => pick(r)}>
                <td title={r.description}>{r.id}<div className="muted small">{r.source.startsWith('api:') ? t('editedViaApi') : r.source.split('/').slice(-1)[0]}</div></td>
                <td>{r.runbook ?? '—'}</td>
                <td className="num">{r.firing}{r.pending ? <span className="muted"> +{r.pending}</span> : null}</td>
                <td>{edit ? (
                  <input type="checkbox" aria-label={t('enable', { id: r.id })} checked={r.enabled} disabled={busy !== null}
                    onClick={(e) => e.stopPropagation()} onChange={(e) => void run('toggle', () => edit.onToggle(r.id, e.target.checked))} />
                ) : <span className={r.enabled ? 'tone-ok' : 'muted'}>{r.enabled ? t('on') : t('off')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {edit && <button type="button" className="btn" onClick={() => pick(null)}>{t('newRule')}</button>}
        {loadProblems.length > 0 && (
          <div className="problems" role="alert">
            <b>{t('fileProblems', { n: loadProblems.length })}</b>
            <ul>{loadProblems.map((p, i) => <li key={i}>{p.source.split('/').slice(-1)[0]}:{p.line}:{p.column} {p.field && <code>{p.field}</code>} <span lang="en">{p.message}</span></li>)}</ul>
          </div>
        )}
      </div>
      <div className="rule-form">
        <textarea aria-label={t('yamlLabel')} spellCheck={false} value={yaml} rows={18} readOnly={!edit} aria-invalid={edit ? yamlProblem !== null : undefined}
          aria-describedby={yamlProblem ? 'rule-yaml-problem' : undefined} onChange={(e) => { setYaml(e.target.value); setSaved(false); setDry(null); }} />
        {!edit && <p className="muted small" data-testid="rules-read-only">{t('readOnly')}</p>}
        {edit && yamlProblem && <p className="field-error" id="rule-yaml-problem">{yamlProblem}</p>}
        {edit && <div className="rule-buttons">
          <label className="dry-hours">{t('hours')}
            <input type="number" min={DRY_RUN_HOURS.min} max={DRY_RUN_HOURS.max} step={0.25} value={hoursText} onChange={(e) => { setHoursText(e.target.value); setDry(null); }}
              aria-invalid={hours === null} aria-describedby={hours === null ? 'dry-hours-problem' : undefined} data-testid="dry-run-hours" />
            {t('hoursUnit')}
          </label>
          <button type="button" className="btn" disabled={busy !== null || hours === null || yamlProblem !== null}
            onClick={() => void run('dry', async () => {
              const asked = yaml;
              const r = await edit.onDryRun(asked, hours!);
              if (yamlRef.current !== asked) return;
              setDry(r); setProblems(r.problems);
            })}>
            {busy === 'dry' ? t('dryRunning', { h: hours ?? '' }) : t('dryRun', { h: hours ?? '—' })}
          </button>
          <button type="button" className="btn" disabled={busy !== null || yamlProblem !== null} onClick={() => void run('save', async () => {
            const r = await edit.onSave(yaml, selected);
            if (r.ok) { setProblems([]); setSaved(true); } else setProblems(r.problems);
          })}>{selected ? t('save') : t('create')}</button>
          {saved && <span className="tone-ok" role="status">{t('saved')}</span>}
        </div>}
        {edit && hours === null && <p className="field-error" id="dry-hours-problem">{t('hoursInvalid')}</p>}
        {problems.length > 0 && (
          <ul className="problems" role="alert" data-testid="rule-problems">
            {problems.map((p, i) => <li key={i}>{t('problemAt', { line: p.line, col: p.column })}{p.field ? <> · <code>{p.field}</code></> : null}: <span lang="en">{p.message}</span></li>)}
          </ul>
        )}
        {dry && dry.problems.length === 0 && (
          <div className="dry-run" data-testid="dry-run">
            <p>{rich(t('dryResult', { minutes: dry.minutes, alerts: dry.alerts.length, groups: dry.groups }), { from: <Time ms={dry.fromMs} />, to: <Time ms={dry.toMs} /> })}</p>
            {dry.alerts.length > DRY_ROWS && <p className="muted small">{t('dryFirst', { shown: DRY_ROWS, n: dry.alerts.length })}</p>}
            {dry.alerts.length > 0 && (
              <table>
                <thead><tr><th>{t('dry.site')}</th><th>{t('dry.group')}</th><th>{t('dry.pending')}</th><th>{t('dry.firing')}</th><th>{t('dry.resolved')}</th></tr></thead>
                <tbody>{dry.alerts.slice(0, DRY_ROWS).map((a, i) => (
                  <tr key={i}><td>{a.siteId}</td><td>{a.groupKey}</td><td><Time ms={a.pendingAtMs} /></td><td><Time ms={a.firingAtMs} /></td><td>{a.resolvedAtMs === null ? t('dry.stillFiring') : <Time ms={a.resolvedAtMs} />}</td></tr>
                ))}</tbody>
              </table>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
