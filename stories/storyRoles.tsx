// A Storybook decorator that signs the story in as some roles, so permission-gated controls show as that role would see them.
import type { Decorator } from '@storybook/react-vite';
import { permissionsOf, type Role } from '../schema/access.js';
import { PermissionsProvider } from '../client/app/permissions.js';

export function asRoles(...roles: Role[]): Decorator {
  const permissions = [...permissionsOf(roles)];
  return (Story) => <PermissionsProvider permissions={permissions}><Story /></PermissionsProvider>;
}
