// How much the loop ran at each autonomy level over the period, and how often suggestions were approved as proposed:
// the evidence for moving a rule up a level.
import type { AutonomyMix } from '../../../schema/autonomy.js';
import { formatRate, mixShares } from './autonomyFormat.js';
import { formatTime } from './ticketFormat.js';

export function AutonomyMixView({ mix }: { mix: AutonomyMix }) {
  const s = mixShares(mix);
  const decided = mix.suggest.approved + mix.suggest.rejected;
  const pct = (n: number) => (s.total ? (100 * n) / s.total : 0);
  return (
    <div className="autonomy-mix" data-testid="autonomy-mix">
      <p className="muted small">Tickets opened {formatTime(mix.fromMs)} – {formatTime(mix.toMs)}</p>
      {s.total > 0 ? (
        <div className="mix-bar" role="img" aria-label={`observe ${s.observe}, suggest ${s.suggest}, auto ${s.auto}`}>
          {(['observe', 'suggest', 'auto'] as const).map((l) => s[l] > 0 && (
            <span key={l} className={`level-${l}`} style={{ width: `${pct(s[l])}%` }} title={`${l}: ${s[l]}`}>{pct(s[l]) >= 12 ? `${l} ${s[l]}` : s[l]}</span>
          ))}
        </div>
      ) : <p className="muted">No diagnosis in this period yet.</p>}
      <div className="cards">
        <div className="card"><div className="label">observe</div><div className="value num">{mix.observe.tickets}</div><div className="sub">tickets diagnosed, nothing run</div></div>
        <div className="card">
          <div className="label">suggest</div><div className="value num">{mix.suggest.proposed}</div>
          <div className="sub">approved {mix.suggest.approved} · rejected {mix.suggest.rejected} · expired {mix.suggest.expired} · pending {mix.suggest.pending}</div>
        </div>
        <div className="card emphasis" data-testid="approval-rate">
          <div className="label">approval rate</div><div className="value num">{formatRate(mix.approvalRate)}</div>
          <div className="sub">{decided ? `of ${decided} decided suggestions approved as proposed` : 'no suggestion decided yet'}</div>
        </div>
        <div className="card">
          <div className="label">auto</div><div className="value num">{mix.auto.actions}</div>
          <div className="sub">runbooks run · resolved {mix.auto.resolved} · escalated {mix.auto.escalated}</div>
        </div>
        <div className={`card${mix.refusedByGuard ? ' warn' : ''}`}><div className="label">refused by guard</div><div className="value num">{mix.refusedByGuard}</div><div className="sub">actions a guard stopped</div></div>
      </div>
    </div>
  );
}
