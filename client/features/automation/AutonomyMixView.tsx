// How much the loop ran at each autonomy level over the period, and how often suggestions were approved as proposed:
// the evidence for moving a rule up a level. Bar colours are the levels' colours in the status vocabulary.
import type { CSSProperties } from 'react';
import type { AutonomyMix } from '../../../schema/autonomy.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { mixShares } from './autonomyFormat.js';
import { rich } from './richText.js';
import { StatusDot } from './StatusBadge.js';
import { useVocabulary } from './ticketVocabulary.js';
import './automation.css';
import './autonomy.css';

export function AutonomyMixView({ mix }: { mix: AutonomyMix }) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const { fmt } = useI18n();
  const vocab = useVocabulary();
  const s = mixShares(mix);
  const decided = mix.suggest.approved + mix.suggest.rejected;
  const pct = (n: number) => (s.total ? (100 * n) / s.total : 0);
  return (
    <div className="autonomy-mix" data-testid="autonomy-mix">
      <p className="muted small">{rich(t('mix.period'), { from: <Time ms={mix.fromMs} />, to: <Time ms={mix.toMs} /> })}</p>
      {s.total > 0 ? (
        <div className="mix-bar" role="img" aria-label={t('mix.bar', { observe: s.observe, suggest: s.suggest, auto: s.auto })}>
          {(['observe', 'suggest', 'auto'] as const).map((l) => s[l] > 0 && (
            <span key={l} className="mix-part" style={{ width: `${pct(s[l])}%`, '--c': vocab.level(l).color } as CSSProperties} title={`${vocab.level(l).label}: ${fmt.count(s[l])}`}>
              {pct(s[l]) >= 12 ? `${vocab.level(l).label} ${fmt.count(s[l])}` : fmt.count(s[l])}
            </span>
          ))}
        </div>
      ) : <p className="muted">{t('mix.none')}</p>}
      <div className="cards">
        <div className="card"><div className="label"><span><StatusDot color={vocab.level('observe').color} />{vocab.level('observe').label}</span></div><div className="value num">{fmt.count(mix.observe.tickets)}</div><div className="sub">{t('mix.observeSub')}</div></div>
        <div className="card">
          <div className="label"><span><StatusDot color={vocab.level('suggest').color} />{vocab.level('suggest').label}</span></div><div className="value num">{fmt.count(mix.suggest.proposed)}</div>
          <div className="sub">{t('mix.suggestSub', { approved: fmt.count(mix.suggest.approved), rejected: fmt.count(mix.suggest.rejected), expired: fmt.count(mix.suggest.expired), pending: fmt.count(mix.suggest.pending) })}</div>
        </div>
        <div className="card emphasis" data-testid="approval-rate">
          <div className="label">{t('mix.rate')}</div><div className="value num">{mix.approvalRate === null ? '—' : fmt.pct(mix.approvalRate * 100, 0)}</div>
          <div className="sub">{decided ? t('mix.rateSub', { n: decided }) : t('mix.rateNone')}</div>
        </div>
        <div className="card">
          <div className="label"><span><StatusDot color={vocab.level('auto').color} />{vocab.level('auto').label}</span></div><div className="value num">{fmt.count(mix.auto.actions)}</div>
          <div className="sub">{t('mix.autoSub', { resolved: fmt.count(mix.auto.resolved), escalated: fmt.count(mix.auto.escalated) })}</div>
        </div>
        <div className={`card${mix.refusedByGuard ? ' warn' : ''}`}><div className="label">{t('mix.refused')}</div><div className="value num">{fmt.count(mix.refusedByGuard)}</div><div className="sub">{t('mix.refusedSub')}</div></div>
      </div>
    </div>
  );
}
