// The autonomy tab of the automation page: the panel fed by the page's polled overview, with the admin's changes
// wired to the server (only for users with autonomy.write) and a refresh after each.
import { useMemo } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { useCan } from '../../app/permissions.js';
import type { AutonomyEdit, AutonomyOverview } from './autonomyApi.js';
import { AutonomyPanel } from './AutonomyPanel.js';
import type { Polled } from '../../ui/usePolling.js';

export interface AutonomySectionProps {
  overview: Polled<AutonomyOverview>;
  onChanged: () => void;
}

export function AutonomySection({ overview, onChanged }: AutonomySectionProps) {
  const { trpc } = useAppServices();
  const mayWrite = useCan()('autonomy.write');
  const edit = useMemo<AutonomyEdit | null>(() => mayWrite ? {
    setLevel: async (target, id, level) => { await trpc.automation.setAutonomy.mutate({ target, id, level }); onChanged(); },
    setBrake: async (on, reason) => { await trpc.automation.setBrake.mutate({ on, reason }); onChanged(); },
    setBlocklist: async (b) => { await trpc.automation.setBlocklist.mutate(b); onChanged(); },
  } : null, [mayWrite, trpc, onChanged]);
  return <AutonomyPanel state={overview.state} edit={edit} onRetry={overview.retry} />;
}
