// Above the ticket list: one line per maintenance window in force now, with how many alerts it is holding.
import type { MaintenanceWindowView } from '../../../schema/maintenance.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { activeWindows } from './maintenanceFormat.js';
import { MAINTENANCE_MESSAGES } from './maintenanceMessages.js';
import { rich } from './richText.js';
import './maintenance.css';

export interface MaintenanceBannerProps {
  windows: readonly MaintenanceWindowView[];
  /** Alerts held per window id (maintenance.alerts' byWindow); null while they are being counted. */
  heldByWindow: Readonly<Record<string, number>> | null;
}

export function MaintenanceBanner({ windows, heldByWindow }: MaintenanceBannerProps) {
  const t = useMessages(MAINTENANCE_MESSAGES);
  const lines = activeWindows(windows, heldByWindow);
  if (!lines.length) return null;
  return (
    <div className="maintenance-banner" role="status" aria-label={t('banner.label')} data-testid="maintenance-banner">
      {lines.map((l) => (
        <p key={l.windowId}><span className="badge in-force">{t('banner.badge')}</span> {rich(l.held === null ? t('banner.lineCounting') : t('banner.line', { held: t('banner.held', { n: l.held }) }), { name: <b>{l.name}</b>, time: <Time ms={l.endsMs} /> })}</p>
      ))}
    </div>
  );
}
