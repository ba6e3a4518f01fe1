// Above the ticket list: one line per maintenance window in force now, with how many alerts it is holding.
import type { MaintenanceWindowView } from '../../../schema/maintenance.js';
import { bannerLines, operatorTimeZone } from './maintenanceFormat.js';
import './maintenance.css';

export interface MaintenanceBannerProps {
  windows: readonly MaintenanceWindowView[];
  /** Alerts held per window id (maintenance.alerts' byWindow). */
  heldByWindow: Readonly<Record<string, number>>;
  operatorZone?: string;
}

export function MaintenanceBanner({ windows, heldByWindow, operatorZone = operatorTimeZone() }: MaintenanceBannerProps) {
  const lines = bannerLines(windows, heldByWindow, operatorZone);
  if (!lines.length) return null;
  return (
    <div className="maintenance-banner" role="status" data-testid="maintenance-banner">
      {lines.map((l) => <p key={l.windowId}><span className="badge in-force">maintenance</span> {l.text}</p>)}
    </div>
  );
}
