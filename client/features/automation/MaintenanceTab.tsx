// Data for the maintenance views: polls the windows (and the alerts they hold) and wires the panel's edits to the API.
import type { MaintenanceHeldAlerts, MaintenanceList } from '../../../schema/maintenance.js';
import { useAppServices } from '../../app/AppServices.js';
import { useCan } from '../../app/permissions.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { describeCallError } from '../../api/trpcClient.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { MaintenanceBanner } from './MaintenanceBanner.js';
import { MAINTENANCE_MESSAGES } from './maintenanceMessages.js';
import { MaintenancePanel } from './MaintenancePanel.js';
import { usePolling } from '../../ui/usePolling.js';

const asOfServer = (v: { nowMs: number }) => v.nowMs;

/** The maintenance tab: the panel, editable with `silences.write`. */
export function MaintenanceTab() {
  const { trpc } = useAppServices();
  const ta = useMessages(AUTOMATION_MESSAGES);
  const { t: common } = useI18n();
  const mayWrite = useCan()('silences.write');
  const list = usePolling<MaintenanceList>(() => trpc.maintenance.list.query(), 10_000, [], { asOf: asOfServer });
  const wrap = async (fn: () => Promise<unknown>) => { try { await fn(); } catch (e) { throw new Error(describeCallError(e, common)); } finally { list.refresh(); } };
  return (
    <MaintenancePanel state={list.state} onRetry={list.retry}
      edit={mayWrite ? {
        onSave: async (input) => { const r = await trpc.maintenance.save.mutate(input); if (r.ok) list.refresh(); return r; },
        onRemove: (id) => wrap(() => trpc.maintenance.remove.mutate({ id })),
        onToggle: (id, enabled) => wrap(() => trpc.maintenance.setEnabled.mutate({ id, enabled })),
      } : null} />
  );
}

/** The banner of windows in force now, for the ticket list (nothing when none is; a failed check says so). */
export function MaintenanceNow() {
  const { trpc } = useAppServices();
  const t = useMessages(MAINTENANCE_MESSAGES);
  const list = usePolling<MaintenanceList>(() => trpc.maintenance.list.query(), 10_000, [], { asOf: asOfServer });
  const value = list.state.kind === 'ready' ? list.state.value : null;
  const anyActive = value?.windows.some((v) => v.active) ?? false;
  const held = usePolling<MaintenanceHeldAlerts>(anyActive ? () => trpc.maintenance.alerts.query() : null, 10_000, [anyActive], { asOf: asOfServer });
  if (list.state.kind === 'error') return <p className="maintenance-check-error small" role="status">{t('banner.error', { error: list.state.error })}</p>;
  if (!value) return null;
  return <MaintenanceBanner windows={value.windows} heldByWindow={held.state.kind === 'ready' ? held.state.value.byWindow : null} />;
}
