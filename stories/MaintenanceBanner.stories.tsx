// Stories for the "maintenance now" banner above the ticket list.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { MaintenanceBanner } from '../client/features/automation/MaintenanceBanner.js';
import type { MaintenanceWindowView } from '../schema/maintenance.js';
import { maintenanceNowMs, maintenanceStoryHeld, maintenanceStoryViews } from './fixtureData/maintenanceStoryData.js';

const meta: Meta<typeof MaintenanceBanner> = {
  title: 'Automation/MaintenanceBanner',
  component: MaintenanceBanner,
  args: { windows: maintenanceStoryViews, heldByWindow: maintenanceStoryHeld },
};
export default meta;
type Story = StoryObj<typeof MaintenanceBanner>;

export const OneWindowInForce: Story = {};
const [hubei, guangdong] = maintenanceStoryViews as [MaintenanceWindowView, MaintenanceWindowView];
/** The Guangdong window as if it had started an hour ago. */
export const TwoWindowsInForce: Story = {
  args: {
    windows: [hubei, { ...guangdong, active: { windowId: 'mw-gd', name: guangdong.window.name, startsMs: maintenanceNowMs - 3_600_000, endsMs: maintenanceNowMs + 3_600_000 } }],
    heldByWindow: { 'mw-hubei': 3, 'mw-gd': 1 },
  },
};
/** Nothing in force: the banner renders nothing. */
export const NoneInForce: Story = { args: { windows: maintenanceStoryViews.filter((v) => !v.active) } };
/** Held alerts not counted yet: the banner says so instead of "0 alerts held". */
export const CountingHeldAlerts: Story = { args: { heldByWindow: null } };
