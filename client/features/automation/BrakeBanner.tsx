// The page-wide red banner while the global brake is on: every rule suggests at most, and who pulled it, when, why.
import type { BrakeState } from '../../../schema/autonomy.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { brakeOrigin } from './autonomyFormat.js';
import { rich } from './richText.js';
import './autonomy.css';

/** "by admin at <time>: core upgrade" (parts unknown are left out); null when nothing is known. */
export function BrakeOrigin({ brake }: { brake: BrakeState }) {
  const ta = useMessages(AUTOMATION_MESSAGES);
  const t = useMessages(AUTONOMY_MESSAGES);
  const o = brakeOrigin(ta, brake);
  if (!o.by && o.atMs === null && !o.reason) return null;
  const head = [o.by ? t('brake.by', { who: o.by }) : null, o.atMs !== null ? rich(t('brake.at'), { time: <Time ms={o.atMs} /> }) : null].filter((x) => x !== null);
  return <>{head.map((h, i) => <span key={i}>{i > 0 ? ' ' : ''}{h}</span>)}{o.reason ? <>{head.length ? ': ' : ''}<span lang="en">{o.reason}</span></> : null}</>;
}

export function BrakeBanner({ brake }: { brake: BrakeState | null | undefined }) {
  const t = useMessages(AUTONOMY_MESSAGES);
  if (!brake?.on) return null;
  const known = brake.by || brake.atMs !== null || brake.reason;
  return <p className="brake-banner" role="alert" data-testid="brake-banner">{t('brake.banner')}{known ? <> — <BrakeOrigin brake={brake} /></> : null}</p>;
}
