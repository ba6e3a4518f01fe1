// The autonomy settings and their evidence on one panel: the global brake, each rule's level and each runbook's
// ceiling, the guards and blocklist, policy file problems, the week's autonomy mix and the ledger. Loading, a failed
// load (with retry) and a failed refresh (the last overview kept, marked stale with its time) are shown as such.
import type { AutonomyLevel } from '../../../schema/autonomy.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import type { AutonomyEdit, AutonomyOverview } from './autonomyApi.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { AutonomyMixView } from './AutonomyMixView.js';
import { BlocklistEditor } from './BlocklistEditor.js';
import { BrakeButton } from './BrakeButton.js';
import { GuardList } from './GuardList.js';
import { LedgerTable } from './LedgerTable.js';
import { RuleLevelsTable } from './RuleLevelsTable.js';
import { RunbookCeilingsTable } from './RunbookCeilingsTable.js';
import './automation.css';
import './autonomy.css';

export interface AutonomyPanelProps {
  state: Loadable<AutonomyOverview>;
  /** Automation admins' changes; null: read-only. */
  edit: AutonomyEdit | null;
  onRetry?: () => void;
}

export function AutonomyPanel({ state, edit, onRetry }: AutonomyPanelProps) {
  const t = useMessages(AUTONOMY_MESSAGES);
  return (
    <section className="autonomy-panel" aria-label={t('label')} data-testid="autonomy-panel" aria-busy={state.kind === 'loading'}>
      {state.kind === 'ready' && <p className="small panel-as-of"><AsOf ms={state.asOfMs} /></p>}
      <Loaded state={state} what={t('what')} onRetry={onRetry}>
        {(overview) => <Overview overview={overview} edit={edit} />}
      </Loaded>
    </section>
  );
}

function Overview({ overview, edit }: { overview: AutonomyOverview; edit: AutonomyEdit | null }) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const { settings, rules, runbooks, mix, ledger } = overview;
  const { policy, overrides } = settings;
  return (
    <>
      <BrakeButton brake={policy.brake} {...(edit ? { onSetBrake: edit.setBrake } : {})} />
      {settings.problems.length > 0 && (
        <section className="panel policy-problems" data-testid="policy-problems">
          <h2>{t('problems.title')}</h2>
          <p>{t('problems.body', { file: settings.file })}</p>
          <ul className="problems">
            {settings.problems.map((p, i) => <li key={i}><code>{p.field || t('problems.file')}</code> <span lang="en">{p.message}</span></li>)}
          </ul>
        </section>
      )}
      <div className="autonomy-grid">
        <section className="panel wide">
          <h2>{t('rules.title')}</h2>
          <p className="muted small">{t('rules.levels')}</p>
          <RuleLevelsTable rules={rules} {...(edit ? { onSetLevel: (id: string, l: AutonomyLevel | null) => edit.setLevel('rule', id, l) } : {})} />
        </section>
        <section className="panel">
          <h2>{t('ceilings.title')}</h2>
          <RunbookCeilingsTable runbooks={runbooks} ceilings={policy.runbooks} overrides={overrides.runbooks}
            {...(edit ? { onSetLevel: (rb: string, l: AutonomyLevel | null) => edit.setLevel('runbook', rb, l) } : {})} />
        </section>
        <section className="panel">
          <h2>{t('guards.title')} <span className="muted small">{t('guards.fromFile')}</span></h2>
          <GuardList guards={policy.guards} />
          <h2 className="sub-h">{t('blocklist.title')}</h2>
          <BlocklistEditor blocklist={policy.blocklist} {...(edit ? { onSave: edit.setBlocklist } : {})} />
        </section>
        <section className="panel wide">
          <h2>{t('mix.title')}</h2>
          <AutonomyMixView mix={mix} />
        </section>
        <section className="panel wide">
          <h2>{t('ledger.title')}</h2>
          <LedgerTable ledger={ledger} />
        </section>
      </div>
    </>
  );
}
