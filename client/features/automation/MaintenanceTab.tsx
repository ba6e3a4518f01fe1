// Data for the maintenance views: polls the windows (and the alerts they hold) and wires the panel's edits to the API.
import { useState } from 'react';
import type { MaintenanceHeldAlerts, MaintenanceList } from '../../../schema/maintenance.js';
import { useAppServices } from '../../app/AppServices.js';
import { useCan } from '../../app/permissions.js';
import { describeCallError } from '../../api/trpcClient.js';
import { usePolling } from '../../ui/usePolling.js';
import { MaintenanceBanner } from './MaintenanceBanner.js';
import { MaintenancePanel } from './MaintenancePanel.js';

/** The maintenance tab: the panel, editable with `silences.write`. */
export function MaintenanceTab() {
  const { trpc } = useAppServices();
  const mayWrite = useCan()('silences.write');
  const [rev, setRev] = useState(0);
  const list = usePolling<MaintenanceList>(() => trpc.maintenance.list.query(), 10_000, [rev]);
  const refresh = () => setRev((r) => r + 1);
  return (
    <MaintenancePanel list={list.value} error={list.error}
      edit={mayWrite ? {
        onSave: async (input) => { const r = await trpc.maintenance.save.mutate(input); if (r.ok) refresh(); return r; },
        onRemove: async (id) => { try { await trpc.maintenance.remove.mutate({ id }); } catch (e) { throw new Error(describeCallError(e)); } finally { refresh(); } },
        onToggle: async (id, enabled) => { try { await trpc.maintenance.setEnabled.mutate({ id, enabled }); } catch (e) { throw new Error(describeCallError(e)); } finally { refresh(); } },
      } : null} />
  );
}

/** The banner of windows in force now, for the ticket list (nothing when none is). */
export function MaintenanceNow() {
  const { trpc } = useAppServices();
  const list = usePolling<MaintenanceList>(() => trpc.maintenance.list.query(), 10_000);
  const anyActive = list.value?.windows.some((v) => v.active) ?? false;
  const held = usePolling<MaintenanceHeldAlerts | null>(anyActive ? () => trpc.maintenance.alerts.query() : null, 10_000, [anyActive]);
  if (!list.value) return null;
  return <MaintenanceBanner windows={list.value.windows} heldByWindow={anyActive ? held.value?.byWindow ?? {} : {}} />;
}
